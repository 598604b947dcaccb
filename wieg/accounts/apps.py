from django.apps import AppConfig


def _share_allauth_state():
    """allauth counts failed logins and remembers used TOTP codes in Django's default cache, which is local
    to one process: with several web processes an attacker gets each limit once per process. It uses the
    database cache "shared" instead (settings.CACHES), which every process sees."""
    from allauth.core.internal import ratelimit
    from allauth.mfa.totp.internal import auth as totp
    from django.core.cache import caches

    shared = caches["shared"]
    ratelimit.cache = shared
    totp.cache = shared


def _password_chosen(sender, request=None, user=None, **kwargs):
    from .services import account_reenrol

    account_reenrol(user=user, step="password")


def _second_factor_added(sender, request=None, user=None, authenticator=None, **kwargs):
    from allauth.mfa.models import Authenticator

    from .services import account_reenrol

    if authenticator is not None and authenticator.type == Authenticator.Type.TOTP:
        account_reenrol(user=user, step="second_factor")


class AccountsConfig(AppConfig):
    name = "wieg.accounts"
    label = "accounts"

    def ready(self):
        from allauth.account.signals import password_changed, password_reset, password_set
        from allauth.mfa.signals import authenticator_added

        _share_allauth_state()
        for signal in (password_changed, password_reset, password_set):
            signal.connect(_password_chosen, dispatch_uid=f"wieg.accounts.reenrol.{id(signal)}")
        authenticator_added.connect(_second_factor_added, dispatch_uid="wieg.accounts.reenrol.totp")
