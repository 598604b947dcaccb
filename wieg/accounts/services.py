"""Holding an account an administrator changed, until its owner enrols again."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Notification
from .signals import account_changed_by_admin, account_reenrolled

HOLDS = {
    "password": ("must_choose_password",),
    "second_factor": ("must_enrol_second_factor",),
    # Another person's account now stands for a professional: it proves nothing of its own yet.
    "account_link": ("must_choose_password", "must_enrol_second_factor"),
}


@transaction.atomic
def account_hold(*, admin, user, change: str) -> bool:
    """An administrator set `user`'s password, removed its second factor or linked it to a professional.

    The account then reaches no data until its owner chose a password and a second factor of their own; the
    owner is told, and the care teams' access logs show the change (a receiver in wieg/care). A person
    changing their own account is no administrator's change. Returns whether the account was held.
    """
    if admin is not None and admin.pk == user.pk:
        return False
    fields = HOLDS[change]
    get_user_model().objects.filter(pk=user.pk).update(**dict.fromkeys(fields, True))
    for field in fields:
        setattr(user, field, True)
    with translation.override(user.preferred_language):
        Notification.objects.create(
            user=user,
            subject=_("Een beheerder heeft uw aanmelding gewijzigd"),
            body=_(
                "Kies bij uw volgende aanmelding een nieuw wachtwoord en stel opnieuw tweestapsverificatie "
                "in. Vroeg u dit niet zelf? Meld het meteen aan uw organisatie."
            ),
        )
    account_changed_by_admin.send(sender=get_user_model(), user=user, admin=admin, change=change)
    return True


@transaction.atomic
def account_reenrol(*, user, step: str) -> None:
    """The owner chose a password ("password") or set up a second factor ("second_factor") themselves."""
    field = {"password": "must_choose_password", "second_factor": "must_enrol_second_factor"}[step]
    if not getattr(user, field):
        return
    get_user_model().objects.filter(pk=user.pk).update(**{field: False})
    setattr(user, field, False)
    if not (user.must_choose_password or user.must_enrol_second_factor):
        account_reenrolled.send(sender=get_user_model(), user=user)


def api_tokens_of(user):
    """A person's own API tokens, newest first; never the token itself, which is shown once."""
    from .models import ApiToken

    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


@transaction.atomic
def api_token_revoke(*, user, token_id) -> None:
    """Revoke one of `user`'s own tokens; another person's token is as missing as an unknown one."""
    from django.utils import timezone

    from wieg.core.errors import NotFound

    from .models import ApiToken

    token = ApiToken.objects.select_for_update().filter(user=user, public_id=token_id).first()
    if token is None:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
