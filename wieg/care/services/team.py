from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.directory.models import Membership, Professional

from .. import audit, signals
from ..models import (
    CareTeamMember,
    Consent,
    CoordinatorAssignment,
    Exclusion,
    TeamRole,
    Trajectory,
    usual_team_role,
)
from ..policies import can


def _has_consent(trajectory: Trajectory, professional: Professional, organisation_id: int) -> bool:
    return (
        Consent.objects.active()
        .filter(trajectory=trajectory, contact=True)
        .filter(organisation_id=organisation_id)
        .exists()
        or Consent.objects.active()
        .filter(trajectory=trajectory, contact=True, professional=professional)
        .exists()
    )


def has_team_consent(trajectory: Trajectory, professional: Professional, organisation_id: int) -> bool:
    """Whether the family's consent lets this professional of this organisation join the team."""
    return _has_consent(trajectory, professional, organisation_id)


def _membership_for(professional: Professional, organisation_id: int | None):
    qs = Membership.objects.active().filter(professional=professional, organisation__active=True)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    membership = qs.order_by("start").first()
    if membership is None:
        raise InvalidInput(
            _("Deze zorgverlener werkt niet (meer) voor die organisatie."), field="professional_id"
        )
    return membership


def _check_joinable(trajectory: Trajectory, professional: Professional, organisation_id: int):
    if Exclusion.objects.filter(
        trajectory=trajectory, professional=professional, lifted_at__isnull=True
    ).exists():
        raise Conflict(
            _("De ouders hebben deze zorgverlener uitgesloten van hun dossier."), field="professional_id"
        )
    if not _has_consent(trajectory, professional, organisation_id):
        raise Conflict(
            _("Het gezin gaf nog geen toestemming voor deze organisatie. Leg eerst de toestemming vast."),
            field="professional_id",
        )


@transaction.atomic
def team_member_add(
    *,
    actor,
    trajectory: Trajectory,
    professional: Professional,
    role: str,
    organisation_id: int | None = None,
    via_referral: bool = False,
) -> CareTeamMember:
    """Add a professional to the care team. Needs the family's consent for their organisation (409 if not).

    `via_referral` is used when the professional accepts a referral: the sender's request and the
    family's consent are the basis then, not the coordinator's action.
    """
    if not via_referral and not can(actor, "team.manage", trajectory):
        raise Forbidden()
    if role not in TeamRole.values or role == TeamRole.COORDINATOR:
        raise InvalidInput(_("Kies een rol in het zorgteam."), field="role")
    membership = _membership_for(professional, organisation_id)
    _check_joinable(trajectory, professional, membership.organisation_id)
    if CareTeamMember.objects.active().filter(trajectory=trajectory, professional=professional).exists():
        raise Conflict(_("Deze zorgverlener zit al in het zorgteam."), field="professional_id")
    try:
        with transaction.atomic():
            member = CareTeamMember.objects.create(
                trajectory=trajectory,
                professional=professional,
                organisation_id=membership.organisation_id,
                role=role,
                added_by_id=actor.professional_id,
            )
    except IntegrityError as exc:
        raise Conflict(_("Deze zorgverlener zit al in het zorgteam."), field="professional_id") from exc
    audit.record(actor, "create", member, trajectory=trajectory, category="contact")
    signals.team_member_added.send(sender=Trajectory, actor=actor, trajectory=trajectory, member=member)
    return member


@transaction.atomic
def team_member_end(*, actor, trajectory: Trajectory, member: CareTeamMember) -> CareTeamMember:
    if member.trajectory_id != trajectory.pk:
        raise Forbidden()
    own = actor.professional_id == member.professional_id
    if not own and not can(actor, "team.manage", trajectory):
        raise Forbidden()
    if member.end is not None:
        raise Conflict(_("Dit lidmaatschap is al beëindigd."))
    if CoordinatorAssignment.objects.filter(
        trajectory=trajectory, professional_id=member.professional_id, end__isnull=True
    ).exists():
        raise Conflict(_("De zorgcoördinator verlaat het team pas na een overdracht aan een collega."))
    member.end = timezone.now()
    member.save(update_fields=["end"])
    audit.record(actor, "delete", member, trajectory=trajectory, category="contact", break_glass=False)
    return member


@transaction.atomic
def coordinator_handover(
    *,
    actor,
    trajectory: Trajectory,
    professional: Professional,
    organisation_id: int | None = None,
    initial: bool = False,
) -> CoordinatorAssignment:
    """Hand the thread to another professional. The history stays; exactly one coordinator at a time.

    The trajectory row is locked before the permission is checked: of two parallel handovers by the same
    coordinator, the second waits, then finds its author no longer coordinates and is refused."""
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if not initial and not can(actor, "team.manage", trajectory):
        raise Forbidden()
    if trajectory.status != "active":
        raise Conflict(_("Een afgesloten traject krijgt geen nieuwe zorgcoördinator."))
    current = CoordinatorAssignment.objects.filter(trajectory=trajectory, end__isnull=True).first()
    if current and current.professional_id == professional.pk:
        raise Conflict(_("Deze zorgverlener is al de zorgcoördinator."), field="professional_id")
    membership = _membership_for(professional, organisation_id)
    _check_joinable(trajectory, professional, membership.organisation_id)
    now = timezone.now()
    team_member = (
        CareTeamMember.objects.active().filter(trajectory=trajectory, professional=professional).first()
    )
    if team_member is None:
        team_member = CareTeamMember.objects.create(
            trajectory=trajectory,
            professional=professional,
            organisation_id=membership.organisation_id,
            role=TeamRole.COORDINATOR,
            added_by_id=actor.professional_id,
        )
        audit.record(
            actor, "create", team_member, trajectory=trajectory, category="contact", break_glass=False
        )
    if current:
        current.end = now
        current.save(update_fields=["end"])
        # One coordinator at a time on the team too: who hands over stays in their discipline's usual role.
        CareTeamMember.objects.active().filter(
            trajectory=trajectory, professional_id=current.professional_id, role=TeamRole.COORDINATOR
        ).update(role=usual_team_role(current.professional.discipline))
    assignment = CoordinatorAssignment.objects.create(
        trajectory=trajectory,
        professional=professional,
        organisation_id=team_member.organisation_id,
        start=now,
        assigned_by_id=actor.professional_id,
    )
    audit.record(
        actor, "update", trajectory, category="contact", detail="coordinator handover", break_glass=False
    )
    return assignment
