"""The federal login (CSAM: itsme or eID) through allauth's OpenID Connect provider.

The provider returns the national number in a claim (WIEG_OIDC_NATIONAL_NUMBER_CLAIM). It finds, in
this order: the invited person when the login started from an invitation; a professional with that
number in the directory; a parent whose person carries it (an account, or an open invitation that the
login then accepts). Anything else gets a clear page and never an account. The number is not kept in
the social account's data and never logged.
"""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wieg.accounts.models import UserKind
from wieg.care.identifiers import clean_national_number
from wieg.care.models import Person
from wieg.core.errors import DomainError
from wieg.directory.models import Professional

from . import services
from .models import Invitation

INVITATION_STATE_KEY = "invitation"


class Refused(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def national_number_from(extra_data: dict) -> str | None:
    """The compact number from the userinfo or the ID token, or None when it is missing or invalid."""
    claim = settings.WIEG_OIDC_NATIONAL_NUMBER_CLAIM
    for part in ("userinfo", "id_token"):
        value = (extra_data.get(part) or {}).get(claim)
        if value:
            try:
                return clean_national_number(str(value))
            except DomainError:
                return None
    return None


def _unknown() -> Refused:
    return Refused(
        _(
            "We vinden u niet in Wieg. Ouders krijgen toegang met een uitnodiging van hun zorgcoördinator: "
            "vraag er gerust naar. Zorgverleners vragen hun organisatie om hun rijksregisternummer in Wieg "
            "te laten registreren."
        )
    )


def _from_invitation(code: str, number: str):
    try:
        invitation = services.usable_invitation(code)
    except DomainError as exc:
        raise Refused(str(exc.message)) from exc
    if not invitation.person.national_number or invitation.person.national_number != number:
        raise Refused(
            _(
                "Deze uitnodiging is voor iemand anders, of uw rijksregisternummer staat nog niet in uw "
                "dossier. Maak uw account met een wachtwoord, of vraag uw zorgcoördinator om raad."
            )
        )
    user, _invitation = services.invitation_accept(
        code=code, username=None, password=None, language=get_language()
    )
    return user


def _parent(number: str):
    person = Person.objects.filter(national_number=number).select_related("user").first()
    if person is None:
        return None
    if person.user is not None:
        return person.user if person.user.kind == UserKind.PARENT and person.user.is_active else None
    invitation = Invitation.objects.pending().filter(person=person).order_by("-created_at").first()
    if invitation is None:
        return None
    user, _invitation = services.invitation_accept_open(invitation=invitation, language=get_language())
    return user


def match(number: str | None, invitation_code: str | None):
    """The account for this national number, created from an invitation if need be; Refused otherwise."""
    if number is None:
        raise Refused(
            _("De overheidsaanmelding gaf geen geldig rijksregisternummer door. Probeer het opnieuw.")
        )
    if invitation_code:
        return _from_invitation(invitation_code, number)
    professional = (
        Professional.objects.filter(national_number=number, user__is_active=True)
        .select_related("user")
        .first()
    )
    if professional is not None:
        return professional.user
    user = _parent(number)
    if user is None:
        raise _unknown()
    return user


class GovernmentLoginAdapter(DefaultSocialAccountAdapter):
    """Signs in only people Wieg knows by their national number; never opens a sign-up."""

    def is_open_for_signup(self, request, sociallogin):
        return False

    def is_auto_signup_allowed(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        number = national_number_from(sociallogin.account.extra_data or {})
        code = ((sociallogin.state or {}).get("data") or {}).get(INVITATION_STATE_KEY)
        try:
            with transaction.atomic():
                user = match(number, code)
                self._link(request, sociallogin, user)
        except Refused as refused:
            raise ImmediateHttpResponse(
                render(
                    request, "portal/government_login_refused.html", {"message": refused.message}, status=403
                )
            ) from None

    @staticmethod
    def _link(request, sociallogin, user) -> None:
        """Point the social account at the matched user, keeping only the subject, not the claims."""
        sociallogin.account.extra_data = {}
        if sociallogin.is_existing:
            SocialAccount.objects.filter(pk=sociallogin.account.pk).update(user=user, extra_data={})
            sociallogin.account.user = user
            sociallogin.user = user
        else:
            sociallogin.user = user
            sociallogin.save(request, connect=True)
