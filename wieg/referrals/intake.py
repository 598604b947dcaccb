"""The intake route ("aanmelding"): a professional who meets a pregnant woman hands her to an organisation
that coordinates (a Kind en Gezin team), not to a person. The receiving team picks the coordinator when it
accepts (`services.referral_accept`). A family not yet known to Wieg is registered and referred in one step.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from wieg.care.services import consent_give, family_create, trajectory_create
from wieg.care.services.families import MemberInput
from wieg.core.errors import Forbidden, InvalidInput
from wieg.directory.models import Organisation

from . import catalogue
from .models import Referral, Urgency
from .services import referral_create


@transaction.atomic
def intake_register(
    *,
    actor,
    municipality_nis: str,
    given_name: str,
    family_name: str,
    birth_date: dt.date | None,
    national_number: str | None,
    due_date: dt.date,
    parity: str,
    consent_categories,
    recorded_via: str,
    to_organisation: Organisation,
    receiver_categories,
    reason: str,
    urgency: str = Urgency.ROUTINE,
    preferred_language: str = "nl",
) -> Referral:
    """Register the family and its pregnancy, record the family's consent for my organisation and for the
    receiving team, and send the intake: all or nothing.

    Without consent for the receiving team the intake waits for it and says which categories are missing.
    """
    if not actor.is_professional or actor.organisation_id is None:
        raise Forbidden()
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Geef een reden voor de doorverwijzing.")]
    if "care_plan" not in (consent_categories or []):
        # The referral is part of the care plan: without that consent I could not send it.
        errors["consent.categories"] = [
            _("Een aanmelding hoort bij het zorgplan: vraag ook toestemming voor het zorgplan.")
        ]
    if errors:
        raise InvalidInput(errors=errors)
    family = family_create(
        actor=actor,
        municipality_nis=municipality_nis,
        preferred_language=preferred_language,
        members=[
            MemberInput(
                role="pregnant_parent",
                given_name=given_name,
                family_name=family_name,
                birth_date=birth_date,
                national_number=national_number or None,
            )
        ],
    )
    trajectory = trajectory_create(
        actor=actor,
        family=family,
        pregnant_person=family.members.get(),
        due_date=due_date,
        parity=parity,
        consent_categories=consent_categories,
        recorded_via=recorded_via,
    )
    if receiver_categories and to_organisation.pk != actor.organisation_id:
        consent_give(
            actor=actor,
            trajectory=trajectory,
            categories=receiver_categories,
            recorded_via=recorded_via,
            organisation=to_organisation,
        )
    return referral_create(
        actor=actor,
        trajectory=trajectory,
        to_organisation=to_organisation,
        service=catalogue.COORDINATION,
        reason=reason,
        urgency=urgency,
    )
