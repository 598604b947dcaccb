"""The referrals' sections of the professional's home page (registered as worklist sources): incoming
referrals and intakes for a receiving organisation, and the answers to what I referred."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors, services
from .models import Referral, Status


@dataclass(frozen=True)
class RowTrajectory:
    """The trajectory as the worklist and the access log need it."""

    pk: int
    public_id: uuid.UUID
    family_id: int
    name: str
    due_date: dt.date
    birth_date: dt.date | None
    # The worklist's contact columns: a referral row shows no phone (the receiver is not on the team yet).
    language: str = "nl"
    interpreter_needed: bool = False
    interpreter_language: str = ""
    sees_contact: bool = False
    phones: tuple = ()
    safe_to_contact: bool = True


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    trajectory: RowTrajectory


def _row(referral: Referral) -> ReferralRow:
    t = referral.trajectory
    person = t.pregnant_person
    return ReferralRow(
        referral,
        RowTrajectory(
            t.pk,
            t.public_id,
            t.family_id,
            person.display_name,
            t.due_date,
            t.birth_date,
            language=person.preferred_language,
            interpreter_needed=person.interpreter_needed,
            interpreter_language=person.interpreter_language,
        ),
    )


def incoming_rows(actor, today, limit):
    found = selectors.incoming_for_worklist(actor, limit)
    return [_row(r) for r in found[:limit]], len(found) > limit


def sent_rows(actor, today, limit):
    found = selectors.sent_for_worklist(actor, today, limit)
    return [_row(r) for r in found[:limit]], len(found) > limit


def _url(referral: Referral) -> str:
    return reverse("referrals:detail", kwargs={"referral_id": referral.public_id})


def incoming_page_row(row: ReferralRow) -> dict:
    r = row.referral
    due = services.answer_due_on(r) if r.status == Status.SENT else None
    detail = _("van %(org)s") % {"org": r.from_organisation.name}
    if due:
        detail += " · " + _("antwoord tegen %(date)s") % {"date": due.strftime("%d/%m/%Y")}
    return {
        "id": r.public_id,
        "url": _url(r),
        "name": row.trajectory.name,
        "title": f"{r.service_label} · {r.get_urgency_display()}",
        "detail": detail,
        "status": r.get_status_display(),
    }


def sent_page_row(row: ReferralRow) -> dict:
    r = row.referral
    detail = _("naar %(org)s") % {"org": r.to_organisation.name}
    if r.coordinator_id:
        detail += " · " + _("zorgcoördinator: %(name)s") % {"name": r.coordinator.display_name}
    return {
        "id": r.public_id,
        "url": _url(r),
        "name": row.trajectory.name,
        "title": r.service_label,
        "detail": detail,
        "status": r.get_status_display(),
    }


def api_row(row: ReferralRow) -> dict:
    r = row.referral
    return {
        "referral": {
            "id": str(r.public_id),
            "service": r.service,
            "status": r.status,
            "urgency": r.urgency,
            "from_organisation": r.from_organisation.name,
            "to_organisation": r.to_organisation.name,
            "answer_due_on": due.isoformat()
            if (due := services.answer_due_on(r)) and r.status == Status.SENT
            else None,
            "coordinator": r.coordinator.display_name if r.coordinator_id else None,
        }
    }
