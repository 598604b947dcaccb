from importlib import import_module

from django.contrib import admin
from django.urls import include, path

from wieg.api import api


def _app_urls():
    """Each app with a urls.py mounts itself under its own prefix."""
    prefixes = {
        "core": "",
        "accounts": "",
        "directory": "directory/",
        "care": "",
        "pathways": "plans/",
        "screening": "screening/",
        "referrals": "referrals/",
        "booklets": "booklets/",
        "network": "network/",
        "portal": "portal/",
        "monitoring": "monitoring/",
        "fhir": "fhir/r4/",
    }
    patterns = []
    for app, prefix in prefixes.items():
        try:
            import_module(f"wieg.{app}.urls")
        except ModuleNotFoundError as exc:
            if exc.name != f"wieg.{app}.urls":
                raise
            continue
        patterns.append(path(prefix, include(f"wieg.{app}.urls")))
    return patterns


urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    # Invitations live in the portal app but answer at /invite/ and on the trajectory's own path.
    path("", include("wieg.portal.invitation_urls")),
    *_app_urls(),
]

handler404 = "wieg.core.views.not_found"
handler500 = "wieg.core.views.server_error"
