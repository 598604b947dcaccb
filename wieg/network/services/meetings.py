"""Perinatal network meetings: agenda, attendance, minutes to the partners who could not come, and case
discussions that never carry an identity."""

import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wieg.accounts.models import Notification
from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.directory.models import Membership

from ..models import CaseDiscussion, Invitation, Meeting, NetworkPartner, PerinatalNetwork, WorkGroup
from .activities import can_manage_centre

# What must never be written in a case discussion: national numbers, dates of birth, e-mail addresses,
# phone numbers. A pseudonym is a short word, not a name with a date.
_IDENTIFYING = [
    re.compile(
        r"\d{2}[.\-/ ]?\d{2}[.\-/ ]?\d{2}[.\-/ ]?\d{3}[.\-/ ]?\d{2}"
    ),  # INSZ/BIS, with or without dots
    re.compile(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](\d{2}|\d{4})\b"),  # a date
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),  # an e-mail address
    re.compile(r"(\+32|\b0)[\d /.]{8,}"),  # a phone number
]


def _check_manage(actor, network: PerinatalNetwork) -> None:
    if not any(can_manage_centre(actor, centre) for centre in network.centres.all()):
        raise Forbidden()


def _identifying(text: str) -> bool:
    return any(pattern.search(text or "") for pattern in _IDENTIFYING)


@transaction.atomic
def meeting_create(
    *,
    actor,
    network: PerinatalNetwork,
    starts_at,
    place: str = "",
    agenda: str = "",
    work_group: WorkGroup | None = None,
    partners=None,
) -> Meeting:
    """Invites the work group's members, or every partner of the network, unless `partners` is given."""
    _check_manage(actor, network)
    if starts_at is None:
        raise InvalidInput(_("Geef datum en uur."), field="starts_at")
    if work_group is not None and work_group.network_id != network.pk:
        raise InvalidInput(_("Deze werkgroep hoort niet bij dit netwerk."), field="work_group")
    meeting = Meeting.objects.create(
        network=network, work_group=work_group, starts_at=starts_at, place=place, agenda=agenda
    )
    if partners is None:
        partners = work_group.members.all() if work_group else network.partners.all()
    partners = list(partners)
    if any(p.network_id != network.pk for p in partners):
        raise InvalidInput(_("Nodig alleen partners van dit netwerk uit."), field="partners")
    Invitation.objects.bulk_create([Invitation(meeting=meeting, partner=p) for p in partners])
    return meeting


@transaction.atomic
def meeting_record(*, actor, meeting: Meeting, minutes: str | None = None, attended=None) -> Meeting:
    """Write the minutes and who attended (`attended`: the NetworkPartner ids that came)."""
    _check_manage(actor, meeting.network)
    if minutes is not None:
        meeting.minutes = minutes.strip()
        meeting.save(update_fields=["minutes", "updated_at"])
    if attended is not None:
        attended = {int(pk) for pk in attended}
        for invitation in meeting.invitations.all():
            invitation.attended = invitation.partner_id in attended
            invitation.save(update_fields=["attended"])
    return meeting


def _recipients(partner: NetworkPartner):
    """The partner's contact person, or else the managers of the partner organisation."""
    contact = partner.contact
    user = contact.user if contact is not None else None
    if user is not None and user.is_active:
        return [user]
    memberships = (
        Membership.objects.active()
        .filter(organisation_id=partner.organisation_id, role="manager", professional__user__is_active=True)
        .select_related("professional__user")
    )
    return [m.professional.user for m in memberships]


@transaction.atomic
def meeting_send_minutes(*, actor, meeting: Meeting) -> list[Notification]:
    """Send the minutes as an in-app message to every invited partner who did not attend."""
    _check_manage(actor, meeting.network)
    if not meeting.minutes.strip():
        raise InvalidInput(_("Schrijf eerst het verslag."), field="minutes")
    if meeting.minutes_sent_at:
        raise Conflict(_("Het verslag is al verstuurd."))
    invitations = meeting.invitations.select_related("partner__organisation", "partner__contact__user")
    if any(i.attended is None for i in invitations):
        raise InvalidInput(_("Duid eerst aan wie aanwezig was."), field="attended")
    link = reverse("network:meeting_detail", args=[meeting.public_id])
    notifications = []
    seen = set()
    for invitation in invitations:
        if invitation.attended:
            continue
        for user in _recipients(invitation.partner):
            if user.pk in seen:
                continue
            seen.add(user.pk)
            with translation.override(user.preferred_language):
                notifications.append(
                    Notification(
                        user=user,
                        subject=_("Verslag %(network)s van %(date)s")
                        % {
                            "network": meeting.network.name,
                            "date": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y"),
                        },
                        body=meeting.minutes,
                        link=link,
                    )
                )
    Notification.objects.bulk_create(notifications)
    meeting.minutes_sent_at = timezone.now()
    meeting.save(update_fields=["minutes_sent_at", "updated_at"])
    return notifications


@transaction.atomic
def case_discussion_add(
    *, actor, meeting: Meeting, pseudonym: str, question: str, outcome: str = "", brought_by=None
) -> CaseDiscussion:
    _check_manage(actor, meeting.network)
    pseudonym = (pseudonym or "").strip()
    question = (question or "").strip()
    errors: dict[str, list] = {}
    if not 2 <= len(pseudonym) <= 40:
        errors.setdefault("pseudonym", []).append(_("Geef een schuilnaam van 2 tot 40 tekens."))
    elif any(ch.isdigit() for ch in pseudonym) or _identifying(pseudonym):
        errors.setdefault("pseudonym", []).append(
            _("Een schuilnaam bevat geen cijfers of gegevens die iemand herkenbaar maken.")
        )
    if not question:
        errors.setdefault("question", []).append(_("Schrijf de vraag."))
    for field, text in (("question", question), ("outcome", outcome)):
        if _identifying(text):
            errors.setdefault(field, []).append(
                _("Schrijf geen rijksregisternummer, geboortedatum, e-mailadres of telefoonnummer.")
            )
    if errors:
        raise InvalidInput(errors=errors)
    return CaseDiscussion.objects.create(
        meeting=meeting,
        pseudonym=pseudonym,
        question=question,
        outcome=(outcome or "").strip(),
        brought_by=brought_by,
    )
