import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.directory.models import Membership, Professional

from .. import audit, signals
from ..models import (
    CATEGORIES,
    CareTeamMember,
    ClosedReason,
    Consent,
    CoordinatorAssignment,
    Family,
    Parity,
    Person,
    PersonRole,
    RecordedVia,
    RiskLevel,
    TeamRole,
    Trajectory,
    TrajectoryChild,
)
from ..policies import can
from .families import MemberInput, _clean_member

# A due date more than 44 weeks ahead or 6 weeks past is almost certainly a typing error.
MAX_WEEKS_AHEAD = 44
MAX_WEEKS_PAST = 6


def clean_categories(categories, *, field: str = "consent.categories") -> list[str]:
    categories = list(dict.fromkeys(categories or []))
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown:
        raise InvalidInput(_("Onbekende categorie: %(c)s.") % {"c": ", ".join(unknown)}, field=field)
    if "contact" not in categories:
        raise InvalidInput(
            _("Toestemming omvat minstens de contactgegevens: zonder die kan niemand het gezin opvolgen."),
            field=field,
        )
    return categories


def _check_due_date(due_date: dt.date, field: str = "due_date"):
    today = timezone.localdate()
    if due_date > today + dt.timedelta(weeks=MAX_WEEKS_AHEAD):
        raise InvalidInput(_("De uitgerekende datum ligt te ver in de toekomst."), field=field)
    if due_date < today - dt.timedelta(weeks=MAX_WEEKS_PAST):
        raise InvalidInput(
            _("De uitgerekende datum ligt meer dan 6 weken in het verleden: registreer de geboorte."),
            field=field,
        )


def _active_membership(professional_id: int, organisation_id: int | None = None):
    qs = Membership.objects.active().filter(professional_id=professional_id, organisation__active=True)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.select_related("organisation").first()


@transaction.atomic
def trajectory_create(
    *,
    actor,
    family: Family,
    pregnant_person: Person,
    due_date: dt.date,
    parity: str,
    plurality: int = 1,
    consent_categories,
    recorded_via: str,
    coordinator: Professional | None = None,
    risk_level: str = RiskLevel.LOW,
    consent_given_at: dt.datetime | None = None,
) -> Trajectory:
    """A trajectory always starts with the family's consent for the creator's organisation.

    `consent_given_at` keeps the moment of a consent given elsewhere (an import); never in the future.
    """
    if not actor.is_professional or actor.organisation_id is None:
        raise Forbidden()
    if not Family.objects.filter(pk=family.pk).visible_to(actor).exists():
        raise Forbidden()
    errors = {}
    if pregnant_person.family_id != family.pk:
        errors["pregnant_person_id"] = [_("Deze persoon hoort niet bij dit gezin.")]
    if parity not in Parity.values:
        errors["parity"] = [_("Kies eerste of volgende zwangerschap.")]
    if not 1 <= int(plurality) <= 8:
        errors["plurality"] = [_("Het aantal kinderen ligt tussen 1 en 8.")]
    if recorded_via not in RecordedVia.values:
        errors["consent.recorded_via"] = [_("Zeg hoe de toestemming gegeven werd.")]
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = [_("Onbekend risiconiveau.")]
    if consent_given_at and consent_given_at > timezone.now():
        errors["consent.given_at"] = [_("Toestemming ligt niet in de toekomst.")]
    for check in (lambda: _check_due_date(due_date), lambda: clean_categories(consent_categories)):
        try:
            check()
        except InvalidInput as exc:
            errors.update(exc.errors)
    if errors:
        raise InvalidInput(errors=errors)
    if Trajectory.objects.filter(
        pregnant_person=pregnant_person, status="active", birth_date__isnull=True
    ).exists():
        raise Conflict(
            _("Deze persoon heeft al een lopend zwangerschapstraject."), field="pregnant_person_id"
        )

    trajectory = Trajectory.objects.create(
        family=family,
        pregnant_person=pregnant_person,
        due_date=due_date,
        parity=parity,
        plurality=plurality,
        risk_level=risk_level,
        end_date=Trajectory.day_1000(due_date),
    )
    categories = clean_categories(consent_categories)
    consent = Consent.objects.create(
        trajectory=trajectory,
        organisation_id=actor.organisation_id,
        recorded_via=recorded_via,
        recorded_by_id=actor.user_id,
        given_at=consent_given_at or timezone.now(),
        **dict.fromkeys(categories, True),
    )
    creator = CareTeamMember.objects.create(
        trajectory=trajectory,
        professional_id=actor.professional_id,
        organisation_id=actor.organisation_id,
        role=TeamRole.COORDINATOR
        if coordinator is None or coordinator.pk == actor.professional_id
        else TeamRole.OTHER,
        added_by_id=actor.professional_id,
    )
    audit.record(actor, "create", trajectory, category="contact", break_glass=False)
    audit.record(actor, "create", consent, trajectory=trajectory, category="contact", break_glass=False)
    audit.record(actor, "create", creator, trajectory=trajectory, category="contact", break_glass=False)

    if coordinator is None or coordinator.pk == actor.professional_id:
        CoordinatorAssignment.objects.create(
            trajectory=trajectory,
            professional_id=actor.professional_id,
            organisation_id=actor.organisation_id,
            assigned_by_id=actor.professional_id,
        )
    else:
        from .team import coordinator_handover

        coordinator_handover(actor=actor, trajectory=trajectory, professional=coordinator, initial=True)
    signals.trajectory_created.send(sender=Trajectory, actor=actor, trajectory=trajectory)
    return trajectory


@transaction.atomic
def trajectory_update_due_date(*, actor, trajectory: Trajectory, due_date: dt.date) -> Trajectory:
    if not can(actor, "care_plan.change", trajectory):
        raise Forbidden()
    if trajectory.birth_date:
        raise Conflict(_("De geboorte is al geregistreerd."), field="due_date")
    _check_due_date(due_date)
    previous = trajectory.due_date
    trajectory.due_date = due_date
    trajectory.end_date = Trajectory.day_1000(due_date)
    trajectory.save(update_fields=["due_date", "end_date", "updated_at"])
    audit.record(actor, "update", trajectory, category="care_plan", detail="due date")
    signals.due_date_changed.send(
        sender=Trajectory, actor=actor, trajectory=trajectory, previous_due_date=previous
    )
    return trajectory


def _check_nicu(birth_date, admission, discharge, today, errors):
    if discharge is not None and admission is None:
        errors["nicu_admission_date"] = [_("Vul ook de datum van opname op de NICU in.")]
        return
    if admission is None:
        return
    if admission < birth_date:
        errors["nicu_admission_date"] = [_("De opname op de NICU ligt niet voor de geboorte.")]
    elif admission > today:
        errors["nicu_admission_date"] = [_("De opname op de NICU ligt niet in de toekomst.")]
    if discharge is not None and discharge < admission:
        errors["nicu_discharge_date"] = [
            _("Het ontslag uit de NICU (%(d)s) ligt voor de opname (%(a)s).")
            % {"d": discharge.strftime("%d/%m/%Y"), "a": admission.strftime("%d/%m/%Y")}
        ]
    elif discharge is not None and discharge > today:
        errors["nicu_discharge_date"] = [
            _("Het ontslag uit de NICU ligt niet in de toekomst: laat het leeg zolang het kind opgenomen is.")
        ]


def _clean_children(children: list[MemberInput], birth_date, field: str, errors: dict) -> list[dict]:
    cleaned, numbers = [], {}
    for index, child in enumerate(children):
        prefix = field if field == "child" else f"{field}.{index}"
        child.role = PersonRole.CHILD
        child.birth_date = birth_date
        try:
            data = _clean_member(child, index)
        except InvalidInput as exc:
            errors.update({k.replace(f"members.{index}.", prefix + "."): v for k, v in exc.errors.items()})
            continue
        number = data["national_number"]
        if number and number in numbers:
            errors[prefix + ".national_number"] = [
                _("Twee kinderen kunnen niet hetzelfde rijksregisternummer hebben.")
            ]
        elif number and Person.objects.filter(national_number=number).exists():
            errors[prefix + ".national_number"] = [_("Dit rijksregisternummer is al gekend in Wieg.")]
        numbers[number] = index
        cleaned.append(data)
    return cleaned


@transaction.atomic
def birth_register(
    *,
    actor,
    trajectory: Trajectory,
    birth_date: dt.date,
    child: MemberInput | None = None,
    children: list[MemberInput] | None = None,
    plurality: int | None = None,
    gestational_age_weeks: int | None = None,
    nicu_admission: bool = False,
    nicu_admission_date: dt.date | None = None,
    nicu_discharge_date: dt.date | None = None,
) -> Person:
    """Register the birth with every child born (twins are two children, each with its own number).

    The number of children must match the plurality: the one recorded during the pregnancy, or the one
    given here when the birth brought news. A NICU stay is recorded with its dates; the booklet rule and
    the plan read them. Returns the first child; all of them are `trajectory.children`."""
    if not can(actor, "medical.change", trajectory):
        raise Forbidden()
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    errors = {}
    today = timezone.localdate()
    if trajectory.birth_date:
        raise Conflict(
            _("De geboorte is al geregistreerd op %(d)s.")
            % {"d": trajectory.birth_date.strftime("%d/%m/%Y")},
            field="birth_date",
        )
    field = "children"
    if children is None:
        children, field = ([child] if child is not None else []), "child"
    if birth_date > today:
        errors["birth_date"] = [_("Een geboorte ligt niet in de toekomst.")]
    elif birth_date < trajectory.due_date - dt.timedelta(weeks=20):
        errors["birth_date"] = [_("Deze datum ligt meer dan 20 weken voor de uitgerekende datum.")]
    if gestational_age_weeks is not None and not 20 <= gestational_age_weeks <= 45:
        errors["gestational_age_weeks"] = [_("De zwangerschapsduur ligt tussen 20 en 45 weken.")]
    expected = trajectory.plurality if plurality is None else plurality
    if not 1 <= expected <= 8:
        errors["plurality"] = [_("Het aantal kinderen ligt tussen 1 en 8.")]
    elif not children:
        errors[field] = [_("Vul minstens één kind in.")]
    elif len(children) != expected:
        errors[field] = [
            _(
                "Er zijn %(n)d kinderen ingevuld, maar het aantal kinderen van deze geboorte is %(p)d. "
                "Vul elk kind in, of pas het aantal kinderen aan."
            )
            % {"n": len(children), "p": expected}
        ]
    if "birth_date" not in errors:
        _check_nicu(birth_date, nicu_admission_date, nicu_discharge_date, today, errors)
    cleaned = _clean_children(children, birth_date, field, errors)
    if errors:
        raise InvalidInput(errors=errors)
    people = []
    for number, data in enumerate(cleaned, start=1):
        person = Person.objects.create(family_id=trajectory.family_id, **data)
        TrajectoryChild.objects.create(trajectory=trajectory, person=person, number=number)
        audit.record(actor, "create", person, trajectory=trajectory, category="contact")
        people.append(person)
    trajectory.birth_date = birth_date
    trajectory.child = people[0]
    trajectory.plurality = expected
    trajectory.gestational_age_weeks = gestational_age_weeks
    trajectory.nicu_admission = bool(nicu_admission or nicu_admission_date)
    trajectory.nicu_admission_date = nicu_admission_date
    trajectory.nicu_discharge_date = nicu_discharge_date
    trajectory.end_date = Trajectory.day_1000(trajectory.due_date, birth_date)
    trajectory.save()
    audit.record(actor, "update", trajectory, category="medical", detail="birth registered")
    signals.birth_registered.send(sender=Trajectory, actor=actor, trajectory=trajectory)
    return people[0]


@transaction.atomic
def trajectory_set_risk_level(
    *, actor, trajectory: Trajectory, risk_level: str, reason: str = ""
) -> Trajectory:
    if not can(actor, "medical.change", trajectory):
        raise Forbidden()
    if risk_level not in RiskLevel.values:
        raise InvalidInput(_("Onbekend risiconiveau."), field="risk_level")
    previous = trajectory.risk_level
    if previous == risk_level:
        return trajectory
    trajectory.risk_level = risk_level
    trajectory.save(update_fields=["risk_level", "updated_at"])
    audit.record(
        actor, "update", trajectory, category="medical", detail=f"risk level {previous} -> {risk_level}"
    )
    signals.risk_level_changed.send(
        sender=Trajectory, actor=actor, trajectory=trajectory, previous_risk_level=previous
    )
    return trajectory


@transaction.atomic
def trajectory_close(*, actor, trajectory: Trajectory, reason: str, on: dt.date | None = None) -> Trajectory:
    if actor.kind != "system" and not can(actor, "trajectory.manage", trajectory):
        raise Forbidden()
    if reason not in ClosedReason.values:
        raise InvalidInput(_("Kies een reden om het traject af te sluiten."), field="reason")
    if trajectory.status == "closed":
        raise Conflict(_("Dit traject is al afgesloten."))
    now = timezone.now()
    trajectory.status = "closed"
    trajectory.closed_reason = reason
    trajectory.closed_on = on or timezone.localdate()
    trajectory.save(update_fields=["status", "closed_reason", "closed_on", "updated_at"])
    CoordinatorAssignment.objects.filter(trajectory=trajectory, end__isnull=True).update(end=now)
    audit.record(
        actor, "update", trajectory, category="contact", detail=f"closed: {reason}", break_glass=False
    )
    signals.trajectory_closed.send(sender=Trajectory, actor=actor, trajectory=trajectory)
    return trajectory
