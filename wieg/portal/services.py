"""Writes on invitations: invite, revoke, accept (a new account) and link (a second family to an account).

Only the coordinator invites (the policy's "trajectory.manage"). An invitation is single use, valid
WIEG_INVITATION_DAYS days, revocable; its e-mail or text message carries the link only, never care data.
"""

import datetime as dt
import re
import smtplib
import unicodedata
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wieg.accounts.models import User, UserKind
from wieg.care import audit
from wieg.care.contact import parse_phone
from wieg.care.models import Person, Trajectory
from wieg.care.policies import can
from wieg.core import sms
from wieg.core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from wieg.directory.actors import actor_for

from .models import (
    INVITABLE_ROLES,
    Channel,
    Invitation,
    InvitationStatus,
    code_hash,
    is_well_formed,
    new_code,
)


class InvitationGone(DomainError):
    """A used, revoked or expired code: HTTP 410 with a sentence that says which."""

    status = 410

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(gone_message(reason))


class DeliveryFailed(DomainError):
    status = 502


def gone_message(reason: str) -> str:
    return {
        InvitationStatus.ACCEPTED: _("Deze uitnodiging werd al gebruikt. Meld u aan met uw account."),
        InvitationStatus.REVOKED: _(
            "Deze uitnodiging werd ingetrokken. Vraag uw zorgcoördinator om een nieuwe uitnodiging."
        ),
        InvitationStatus.EXPIRED: _(
            "Deze uitnodiging is verlopen. Vraag uw zorgcoördinator om een nieuwe uitnodiging."
        ),
    }.get(reason, _("Deze uitnodiging kan niet meer gebruikt worden."))


@dataclass(frozen=True)
class Issued:
    invitation: Invitation
    code: str
    url: str


def invitation_url(code: str) -> str:
    return f"{settings.WIEG_PUBLIC_URL}/invite/{code}/"


def _language(trajectory: Trajectory, wanted: str | None) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    if wanted:
        if wanted not in supported:
            raise InvalidInput(_("Kies Nederlands, Frans of Engels."), field="language")
        return wanted
    family_language = trajectory.family.preferred_language
    return family_language if family_language in supported else settings.LANGUAGE_CODE


def _clean_email(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(_("Geef het e-mailadres waar de uitnodiging heen moet."), field="email")
    try:
        validate_email(value)
    except ValidationError as exc:
        raise InvalidInput(_("Dit is geen geldig e-mailadres."), field="email") from exc
    return value


def clean_mobile_number(value: str, *, field: str = "phone") -> str:
    """A Belgian number as people write it (0470 12 34 56) or an international one: E.164, mobile only."""
    value = (value or "").strip()
    if not value:
        raise InvalidInput(_("Geef het gsm-nummer waar de sms heen moet."), field=field)
    try:
        e164 = parse_phone(value)
    except ValueError as exc:
        raise InvalidInput(_("Dit is geen geldig telefoonnummer."), field=field) from exc
    if phonenumbers.number_type(phonenumbers.parse(e164)) not in {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }:
        raise InvalidInput(_("Dit nummer kan geen sms ontvangen: geef een gsm-nummer."), field=field)
    return e164


def _destination(person: Person, channel: str, email: str, phone: str) -> str:
    """From the request, or from the person's own contact details."""
    if channel == Channel.LETTER:
        return ""
    if person.safe_to_contact is False:
        raise Conflict(
            _("Deze persoon mag niet gecontacteerd worden: geef de uitnodiging persoonlijk af, als brief."),
            field="channel",
        )
    if channel == Channel.EMAIL:
        return _clean_email(email or person.email)
    return clean_mobile_number(phone or _first_mobile(person))


def _first_mobile(person: Person) -> str:
    """The person's first stored number labelled mobile, else the first one (stored in E.164)."""
    phones = person.phones or []
    mobile = next((p for p in phones if p.get("label") == "mobile"), None)
    return (mobile or (phones[0] if phones else {})).get("number", "")


def _deliver(channel: str, to: str, url: str, expires_at, language: str) -> None:
    """The message says only that there is an invitation, the link and until when: no names, no care."""
    if channel == Channel.LETTER:
        return
    with translation.override(language):
        context = {"url": url, "expires_at": timezone.localtime(expires_at)}
        try:
            if channel == Channel.EMAIL:
                mail.send_mail(
                    subject=_("Uw uitnodiging voor Wieg"),
                    message=render_to_string("portal/invitations/email.txt", context),
                    from_email=None,
                    recipient_list=[to],
                )
            else:
                sms.send_sms(to, render_to_string("portal/invitations/sms.txt", context).strip())
        except (sms.SmsError, smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(
                _(
                    "De uitnodiging kon niet verstuurd worden. "
                    "Probeer het later opnieuw of geef een brief mee."
                )
            ) from exc


@transaction.atomic
def invitation_create(
    *,
    actor,
    trajectory: Trajectory,
    person: Person | None,
    channel: str,
    email: str = "",
    phone: str = "",
    language: str | None = None,
) -> Issued:
    """Invite one person of the family. An open invitation of the same person is revoked by the new one."""
    if not can(actor, "trajectory.manage", trajectory):
        raise Forbidden()
    if channel not in Channel.values:
        raise InvalidInput(_("Kies e-mail, sms of brief."), field="channel")
    if person is None or person.family_id != trajectory.family_id:
        raise InvalidInput(_("Deze persoon hoort niet bij dit gezin."), field="person_id")
    if person.role not in INVITABLE_ROLES:
        raise InvalidInput(_("Alleen ouders en opvoeders krijgen een uitnodiging."), field="person_id")
    if person.user_id is not None:
        raise Conflict(_("Deze persoon heeft al een account in Wieg."), field="person_id")
    to = _destination(person, channel, email, phone)
    language = _language(trajectory, language)
    now = timezone.now()
    for earlier in Invitation.objects.pending(now).filter(person=person).select_for_update():
        earlier.revoked_at, earlier.revoked_by_id = now, actor.professional_id
        earlier.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(actor, "delete", earlier, trajectory=trajectory, category="contact", break_glass=False)
    code = new_code()
    invitation = Invitation.objects.create(
        trajectory=trajectory,
        person=person,
        channel=channel,
        sent_to=to,
        language=language,
        code_hash=code_hash(code),
        invited_by_id=actor.professional_id,
        organisation_id=actor.organisation_id,
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.WIEG_INVITATION_DAYS),
    )
    audit.record(
        actor,
        "create",
        invitation,
        trajectory=trajectory,
        category="contact",
        break_glass=False,
        detail=f"invitation by {channel}",
    )
    url = invitation_url(code)
    _deliver(channel, to, url, invitation.expires_at, language)
    return Issued(invitation=invitation, code=code, url=url)


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    if not can(actor, "trajectory.manage", invitation.trajectory):
        raise Forbidden()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        raise Conflict(_("Alleen een open uitnodiging kan ingetrokken worden."))
    invitation.revoked_at, invitation.revoked_by_id = timezone.now(), actor.professional_id
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        actor, "delete", invitation, trajectory=invitation.trajectory, category="contact", break_glass=False
    )
    return invitation


def invitation_for_code(code: str, *, for_update: bool = False) -> Invitation | None:
    """The invitation behind a code, whatever its status; None for an unknown or malformed code."""
    if not is_well_formed(code):
        return None
    qs = Invitation.objects.select_related(
        "person", "trajectory__family", "invited_by", "organisation"
    ).filter(code_hash=code_hash(code))
    if for_update:
        qs = qs.select_for_update(of=("self",))
    return qs.first()


def usable_invitation(code: str, *, for_update: bool = False) -> Invitation:
    """A pending invitation; InvitationGone (410) for a used, revoked or expired one; NotFound if unknown."""
    invitation = invitation_for_code(code, for_update=for_update)
    if invitation is None:
        raise NotFound(_("Deze code kennen we niet. Kijk de code op uw brief of in uw bericht na."))
    status = invitation.status
    if status != InvitationStatus.PENDING:
        raise InvitationGone(status)
    if invitation.person.user_id is not None:
        raise InvitationGone(InvitationStatus.ACCEPTED)
    return invitation


def invitation_opened(invitation: Invitation, actor) -> None:
    """Whoever holds the code sees the first name of the invited person and who invited: a read, logged."""
    with transaction.atomic():
        audit.record(
            actor,
            "read",
            invitation,
            trajectory=invitation.trajectory,
            category="contact",
            break_glass=False,
            detail="invitation opened",
        )


def _claim(invitation: Invitation, user) -> None:
    """Mark the invitation used and link its person to the account, or fail as a whole (single use)."""
    now = timezone.now()
    used = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now, accepted_by=user)
    if not used:
        raise InvitationGone(Invitation.objects.get(pk=invitation.pk).status_on(now))
    if not Person.objects.filter(pk=invitation.person_id, user__isnull=True).update(user=user):
        raise InvitationGone(InvitationStatus.ACCEPTED)
    # Other open invitations of the same person have no use any more.
    Invitation.objects.pending(now).filter(person_id=invitation.person_id).update(revoked_at=now)
    parent = actor_for(user)
    audit.record(
        parent,
        "update",
        invitation,
        trajectory=invitation.trajectory,
        category="contact",
        break_glass=False,
        detail="invitation accepted",
    )


def suggested_username(person: Person) -> str:
    """lotte.peeters, or lotte.peeters2 when that is taken."""
    base = f"{person.given_name}.{person.family_name}".lower()
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9.]+", "", base).strip(".")[:140] or "ouder"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@transaction.atomic
def invitation_accept(
    *, code: str, username: str | None, password: str | None, language: str
) -> tuple[User, Invitation]:
    """A new parent account for the invited person. Without a password (government login) it has none."""
    invitation = usable_invitation(code, for_update=True)
    return _accept(invitation, username=username, password=password, language=language), invitation


@transaction.atomic
def invitation_accept_open(*, invitation: Invitation, language: str) -> tuple[User, Invitation]:
    """The government login found the invited person by national number: her open invitation is used."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("person").get(pk=invitation.pk)
    )
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationGone(invitation.status)
    return _accept(invitation, username=None, password=None, language=language), invitation


def _accept(invitation: Invitation, *, username: str | None, password: str | None, language: str) -> User:
    person = invitation.person
    if person.user_id is not None:
        raise InvitationGone(InvitationStatus.ACCEPTED)
    username = (username or "").strip() or suggested_username(person)
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(_("Deze gebruikersnaam is al in gebruik. Kies een andere."), field="username")
    user = User(
        username=username,
        kind=UserKind.PARENT,
        first_name=person.given_name,
        last_name=person.family_name,
        preferred_language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput(errors={"password1": list(exc.messages)}) from exc
        user.set_password(password)
    if invitation.channel == Channel.EMAIL:
        user.email = invitation.sent_to
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise InvalidInput(
            _("Deze gebruikersnaam is al in gebruik. Kies een andere."), field="username"
        ) from exc
    _claim(invitation, user)
    return user


@transaction.atomic
def invitation_link(*, actor, code: str) -> Invitation:
    """A parent who already has an account adds the family of this invitation to it (a second family)."""
    if not actor.is_parent or actor.user_id is None:
        raise Conflict(
            _(
                "Meld u eerst af: een uitnodiging voor een ouder hoort niet bij een account van een "
                "zorgverlener."
            )
        )
    invitation = usable_invitation(code, for_update=True)
    if Person.objects.filter(family_id=invitation.person.family_id, user_id=actor.user_id).exists():
        raise Conflict(
            _(
                "Uw account hoort al bij dit gezin. Deze uitnodiging is voor iemand anders: "
                "die maakt een eigen account."
            )
        )
    _claim(invitation, actor.user)
    return invitation
