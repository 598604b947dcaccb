from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    """`check --deploy` fails on the development key: it is public, in this repository."""
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "WIEG_SECRET_KEY is not set: Wieg runs on the public development key.",
                hint="Set WIEG_SECRET_KEY to a long random value, the same in every web and task process.",
                id="wieg.E001",
            )
        ]
    return []
