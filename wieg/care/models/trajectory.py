"""Trajectories (EpisodeOfCare), their children, the coordinator and the care team."""

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.core.models import PublicIdModel, TimeStampedModel
from wieg.directory.models import Organisation, Professional

from ..querysets import PeriodQuerySet, TrajectoryQuerySet
from .family import Family, Person


class Parity(models.TextChoices):
    NULLIPAROUS = "nulliparous", _("eerste zwangerschap")
    MULTIPAROUS = "multiparous", _("volgende zwangerschap")


class TrajectoryStatus(models.TextChoices):
    ACTIVE = "active", _("actief")
    CLOSED = "closed", _("afgesloten")


class ClosedReason(models.TextChoices):
    DAY_1000 = "day_1000", _("dag 1000 bereikt")
    MOVED_AWAY = "moved_away", _("verhuisd")
    PREGNANCY_LOSS = "pregnancy_loss", _("zwangerschapsverlies")
    DECLINED = "declined", _("geweigerd door het gezin")
    TRANSFERRED = "transferred", _("overgedragen")


class RiskLevel(models.TextChoices):
    LOW = "low", _("laag risico")
    RAISED = "raised", _("verhoogd risico")
    HIGH = "high", _("hoog risico")


class Phase(models.TextChoices):
    PRENATAL = "prenatal", _("zwangerschap")
    POSTNATAL = "postnatal", _("na de geboorte")
    INFANCY = "infancy", _("baby en peuter")


# After the birth, the first six weeks are the postnatal phase (the mood screening at 6 weeks closes it).
POSTNATAL_DAYS = 42


class Trajectory(PublicIdModel, TimeStampedModel):
    """One family's care pathway for one pregnancy and that child, up to day 1000 (FHIR EpisodeOfCare)."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="trajectories")
    pregnant_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pregnancies")
    due_date = models.DateField(_("uitgerekende datum"))
    parity = models.CharField(_("pariteit"), max_length=20, choices=Parity.choices)
    plurality = models.PositiveSmallIntegerField(_("aantal kinderen"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=TrajectoryStatus.choices, default=TrajectoryStatus.ACTIVE
    )
    closed_reason = models.CharField(
        _("reden van afsluiten"), max_length=20, choices=ClosedReason.choices, blank=True
    )
    closed_on = models.DateField(null=True, blank=True)
    risk_level = models.CharField(
        _("risiconiveau"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    start_date = models.DateField(_("startdatum"), default=timezone.localdate)
    end_date = models.DateField(_("einddatum (dag 1000)"), db_index=True)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    child = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    gestational_age_weeks = models.PositiveSmallIntegerField(
        _("zwangerschapsduur (weken)"), null=True, blank=True
    )
    nicu_admission = models.BooleanField(_("opname op NICU"), default=False)
    # Set by `manage.py apply_retention`: names, numbers and free text are gone, the structure that
    # monitoring counts stays.
    personal_data_erased_on = models.DateField(null=True, blank=True)
    nicu_admission_date = models.DateField(_("opgenomen op NICU op"), null=True, blank=True)
    nicu_discharge_date = models.DateField(_("ontslagen uit NICU op"), null=True, blank=True)

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(plurality__gte=1) & Q(plurality__lte=8), name="plurality_range"
            ),
            models.CheckConstraint(
                condition=Q(status="active", closed_reason="") | Q(status="closed") & ~Q(closed_reason=""),
                name="closed_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(nicu_discharge_date__isnull=True)
                | Q(nicu_admission_date__isnull=False, nicu_discharge_date__gte=F("nicu_admission_date")),
                name="nicu_discharge_after_admission",
            ),
        ]

    def __str__(self) -> str:
        return str(self.public_id)

    @staticmethod
    def day_1000(due_date: dt.date, birth_date: dt.date | None = None) -> dt.date:
        """Day 1000 counts from conception (due date minus 266 days); we close at the second birthday,
        which is the same day within a few days and what families and Kind en Gezin use."""
        anchor = birth_date or due_date
        try:
            return anchor.replace(year=anchor.year + 2)
        except ValueError:  # 29 February
            return anchor.replace(year=anchor.year + 2, day=28)

    def nicu_days(self, day: dt.date | None = None) -> int | None:
        """Days on the NICU: up to the discharge, or up to `day` while the child is still admitted."""
        if self.nicu_admission_date is None:
            return None
        end = self.nicu_discharge_date or day or timezone.localdate()
        return (end - self.nicu_admission_date).days

    def phase_on(self, day: dt.date | None = None) -> str:
        day = day or timezone.localdate()
        if self.birth_date is None:
            return Phase.PRENATAL
        if (day - self.birth_date).days < POSTNATAL_DAYS:
            return Phase.POSTNATAL
        return Phase.INFANCY

    @property
    def phase(self) -> str:
        return self.phase_on()

    def get_phase_display(self) -> str:
        return Phase(self.phase).label

    def gestational_week_on(self, day: dt.date | None = None) -> int:
        day = day or timezone.localdate()
        return (280 - (self.due_date - day).days) // 7


class TrajectoryChild(models.Model):
    """A child born on a trajectory: twins are two, each with its own number (booklet, follow-up)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="children")
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="birth")
    number = models.PositiveSmallIntegerField(_("kind"))

    class Meta:
        verbose_name = _("kind van het traject")
        verbose_name_plural = _("kinderen van het traject")
        ordering = ["trajectory", "number"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "number"], name="one_child_per_number"),
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=8), name="child_number_range"),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory_id}/{self.number}"


class CoordinatorAssignment(models.Model):
    """Who coordinates a trajectory, and since when. Exactly one open assignment per trajectory."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="coordinator_assignments"
    )
    professional = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="coordinations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField(default=timezone.now)
    end = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory"], condition=Q(end__isnull=True), name="one_coordinator_at_a_time"
            )
        ]
        indexes = [models.Index(fields=["professional", "end"])]


class TeamRole(models.TextChoices):
    COORDINATOR = "coordinator", _("zorgcoördinator")
    PRENATAL_CARE = "prenatal_care", _("prenatale zorg")
    POSTNATAL_CARE = "postnatal_care", _("postnatale zorg")
    MEDICAL_FOLLOW_UP = "medical_follow_up", _("medische opvolging")
    CHILD_HEALTH = "child_health", _("preventieve gezondheidszorg kind")
    MATERNITY_HOME_CARE = "maternity_home_care", _("kraamzorg")
    SOCIAL_SUPPORT = "social_support", _("sociale ondersteuning")
    MENTAL_HEALTH = "mental_health", _("geestelijke gezondheid")
    OTHER = "other", _("andere")


# The role a professional of this discipline usually has in a care team: the team form's default, and
# the role a coordinator keeps after handing over.
ROLE_BY_DISCIPLINE = {
    "nurse": TeamRole.CHILD_HEALTH,
    "family_support_worker": TeamRole.SOCIAL_SUPPORT,
    "midwife": TeamRole.PRENATAL_CARE,
    "gp": TeamRole.MEDICAL_FOLLOW_UP,
    "gynaecologist": TeamRole.PRENATAL_CARE,
    "paediatrician": TeamRole.MEDICAL_FOLLOW_UP,
    "maternity_carer": TeamRole.MATERNITY_HOME_CARE,
    "social_worker": TeamRole.SOCIAL_SUPPORT,
    "psychologist": TeamRole.MENTAL_HEALTH,
    "family_centre_coordinator": TeamRole.SOCIAL_SUPPORT,
}


def usual_team_role(discipline: str) -> str:
    return ROLE_BY_DISCIPLINE.get(discipline, TeamRole.OTHER)


class CareTeamMember(models.Model):
    """A professional in a trajectory's care team, for an organisation, for a period."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="team")
    professional = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="team_memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("rol"), max_length=30, choices=TeamRole.choices, default=TeamRole.OTHER)
    start = models.DateTimeField(default=timezone.now)
    end = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "professional"],
                condition=Q(end__isnull=True),
                name="one_open_team_membership",
            )
        ]
        indexes = [models.Index(fields=["professional", "end"])]
