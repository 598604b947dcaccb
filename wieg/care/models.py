"""Families, trajectories (EpisodeOfCare), the coordinator, the care team, consent and the access log."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wieg.core.models import Municipality, Province, PublicIdModel, TimeStampedModel
from wieg.directory.models import Organisation, Professional

from .querysets import AccessEventQuerySet, FamilyQuerySet, PeriodQuerySet, TrajectoryQuerySet


class Category(models.TextChoices):
    """Categories of information that consent is given for."""

    CONTACT = "contact", _("contactgegevens")
    CARE_PLAN = "care_plan", _("zorgplan")
    MEDICAL = "medical", _("medisch")
    PSYCHOSOCIAL = "psychosocial", _("psychosociaal")


CATEGORIES = tuple(Category.values)


class Family(PublicIdModel, TimeStampedModel):
    municipality = models.ForeignKey(Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT)
    preferred_language = models.CharField(_("voorkeurtaal"), max_length=5, default="nl")
    interpreter_needed = models.BooleanField(_("tolk nodig"), default=False)
    created_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")

    def __str__(self) -> str:
        return str(self.public_id)


class PersonRole(models.TextChoices):
    PREGNANT_PARENT = "pregnant_parent", _("zwangere ouder")
    CO_PARENT = "co_parent", _("meeouder")
    CAREGIVER = "caregiver", _("andere opvoeder")
    CHILD = "child", _("kind")


class Sex(models.TextChoices):
    FEMALE = "female", _("vrouw")
    MALE = "male", _("man")
    OTHER = "other", _("anders")
    UNKNOWN = "unknown", _("onbekend")


class Person(PublicIdModel, TimeStampedModel):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("rol"), max_length=20, choices=PersonRole.choices)
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("familienaam"), max_length=100)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    sex = models.CharField(_("geslacht"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    # INSZ or BIS number, 11 digits without separators. Never logged.
    national_number = models.CharField(
        _("rijksregisternummer"), max_length=11, null=True, blank=True, unique=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="persons"
    )

    # Contact details: the contact category of consent (wieg/care/contact.py validates them).
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=10, blank=True)
    box = models.CharField(_("bus"), max_length=10, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=4, blank=True)
    address_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A short ordered list, first the one to try first: [{"number": "+32470123456", "label": "mobile"}].
    # A list of values on the person keeps every list of families one query, and FHIR exports a column.
    phones = models.JSONField(_("telefoonnummers"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_language = models.CharField(_("voorkeurtaal"), max_length=5, default="nl")
    interpreter_needed = models.BooleanField(_("tolk nodig"), default=False)
    interpreter_language = models.CharField(_("taal van de tolk"), max_length=5, blank=True)
    # False when calling or writing could put this person at risk (domestic violence).
    safe_to_contact = models.BooleanField(_("veilig om te contacteren"), default=True)
    contact_note = models.CharField(_("opmerking bij het contact"), max_length=300, blank=True)

    class Meta:
        ordering = ["role", "given_name"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        indexes = [models.Index(fields=["family_name", "birth_date"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class PhoneLabel(models.TextChoices):
    MOBILE = "mobile", _("gsm")
    HOME = "home", _("thuis")
    WORK = "work", _("werk")
    OTHER = "other", _("ander nummer")


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


class RecordedVia(models.TextChoices):
    VERBAL = "verbal", _("mondeling tijdens een consultatie")
    SIGNED_FORM = "signed_form", _("ondertekend formulier")
    PARENT_PORTAL = "parent_portal", _("ouderportaal")


class Consent(PublicIdModel):
    """What the parents allow to be shared with an organisation (or one professional) on a trajectory."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    professional = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # One boolean per category keeps scope() a plain indexed SQL filter on SQLite and PostgreSQL alike.
    contact = models.BooleanField(_("contactgegevens"), default=False)
    care_plan = models.BooleanField(_("zorgplan"), default=False)
    medical = models.BooleanField(_("medisch"), default=False)
    psychosocial = models.BooleanField(_("psychosociaal"), default=False)
    given_at = models.DateTimeField(default=timezone.now)
    recorded_via = models.CharField(_("vastgelegd via"), max_length=20, choices=RecordedVia.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_via = models.CharField(max_length=20, choices=RecordedVia.choices, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PeriodQuerySet.as_manager()

    # Set by the service that recorded it: "created", "amended" or "unchanged". Not stored.
    outcome: str = ""

    class Meta:
        ordering = ["given_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, professional__isnull=True)
                | Q(organisation__isnull=True, professional__isnull=False),
                name="consent_for_organisation_or_professional",
            ),
            # One open consent per organisation (or professional) and trajectory: a withdrawal must leave
            # nothing behind. Partial unique indexes, on SQLite and PostgreSQL alike.
            models.UniqueConstraint(
                fields=["trajectory", "organisation"],
                condition=Q(withdrawn_at__isnull=True, organisation__isnull=False),
                name="one_open_consent_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["trajectory", "professional"],
                condition=Q(withdrawn_at__isnull=True, professional__isnull=False),
                name="one_open_consent_per_professional",
            ),
        ]
        indexes = [models.Index(fields=["trajectory", "withdrawn_at"])]

    @property
    def categories(self) -> list[str]:
        return [c for c in CATEGORIES if getattr(self, c)]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def subject(self):
        return self.organisation or self.professional


def categories_text(categories) -> str:
    """Stored form of a list of categories: their codes in the fixed order, comma-separated."""
    return ",".join(c for c in CATEGORIES if c in set(categories))


class ConsentAmendment(models.Model):
    """One change of a consent's categories: the consent stays the same, its history says who changed what."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="amendments")
    at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The name as it was, so that the history stays readable when the account is gone.
    recorded_by_name = models.CharField(max_length=200, blank=True)
    recorded_via = models.CharField(_("vastgelegd via"), max_length=20, choices=RecordedVia.choices)
    categories_before = models.CharField(max_length=60)
    categories_after = models.CharField(max_length=60)

    class Meta:
        ordering = ["at", "pk"]

    @property
    def before(self) -> list[str]:
        return [c for c in self.categories_before.split(",") if c]

    @property
    def after(self) -> list[str]:
        return [c for c in self.categories_after.split(",") if c]

    @property
    def added(self) -> list[str]:
        return [c for c in self.after if c not in self.before]

    @property
    def removed(self) -> list[str]:
        return [c for c in self.before if c not in self.after]

    def change_text(self) -> str:
        """What changed, in plain words: "nu ook psychosociaal, niet langer medisch"."""
        added = ", ".join(str(Category(c).label) for c in self.added)
        removed = ", ".join(str(Category(c).label) for c in self.removed)
        if added and removed:
            return gettext("nu ook %(added)s, niet langer %(removed)s") % {"added": added, "removed": removed}
        if added:
            return gettext("nu ook %(added)s") % {"added": added}
        return gettext("niet langer %(removed)s") % {"removed": removed}


class Exclusion(models.Model):
    """The parents exclude a named professional from their file, whatever other consent says."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="exclusions")
    professional = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_via = models.CharField(max_length=20, choices=RecordedVia.choices)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "professional"],
                condition=Q(lifted_at__isnull=True),
                name="one_open_exclusion",
            )
        ]


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "justified", _("terecht")
    UNJUSTIFIED = "unjustified", _("niet terecht")


class BreakGlassAccess(PublicIdModel):
    """Emergency access without consent: a written reason, a few hours, the coordinator told, reviewed."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="break_glass")
    professional = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reden"))
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    review_note = models.TextField(blank=True)
    # Reviewed by this day (WIEG_BREAK_GLASS_REVIEW_DAYS working days after the opening), or escalated.
    review_due_on = models.DateField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    # One open access per professional and trajectory is guarded in the database as well: an exclusion
    # constraint on overlapping periods on PostgreSQL, a trigger on SQLite (migration 0003).

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["trajectory", "professional", "expires_at"]),
            models.Index(fields=["reviewed_at", "review_due_on"]),
        ]


class ReviewMandate(models.Model):
    """The reviewers of `organisation` also review break-the-glass openings by organisations in `province`
    (all of Flanders and Brussels when empty) that have no reviewer of their own, and every opening there
    that stayed unreviewed too long."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="review_mandates")
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mandaat voor nazicht van noodtoegang")
        verbose_name_plural = _("mandaten voor nazicht van noodtoegang")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "province"], name="one_mandate_per_province"),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(province__isnull=True), name="one_central_mandate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.province or _('centraal')}"


class AccessAction(models.TextChoices):
    READ = "read", _("ingekeken")
    LIST = "list", _("in een lijst getoond")
    SEARCH = "search", _("opgezocht")
    CREATE = "create", _("aangemaakt")
    UPDATE = "update", _("gewijzigd")
    DELETE = "delete", _("beëindigd")
    EXPORT = "export", _("geëxporteerd")


class AccessEvent(models.Model):
    """Append-only: who, for which organisation, when, what, which category, break-the-glass or not.

    It never holds a national number or the content of a note: only what was touched. The database refuses
    UPDATE and DELETE on this table (`wieg/care/appendonly.py`). The references to the author, the
    organisation, the trajectory and the family are plain ids without a foreign-key constraint, so that
    deleting any of them leaves the log untouched; the author's name and organisation are kept as text.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    professional = models.ForeignKey(
        Professional, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    actor_kind = models.CharField(max_length=20)
    channel = models.CharField(max_length=10, default="web")
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    trajectory = models.ForeignKey(
        Trajectory,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="access_events",
    )
    family = models.ForeignKey(
        Family, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="access_events"
    )
    break_glass = models.BooleanField(default=False)
    detail = models.CharField(max_length=200, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["trajectory", "-at"]), models.Index(fields=["family", "-at"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        AccessEvent.objects.name_authors([self])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")


class FamilyLanguage(models.TextChoices):
    """Languages families speak at home; parents choose nl, fr or en for Wieg's own pages."""

    NL = "nl", _("Nederlands")
    FR = "fr", _("Frans")
    EN = "en", _("Engels")
    DE = "de", _("Duits")
    AR = "ar", _("Arabisch")
    TR = "tr", _("Turks")
    PL = "pl", _("Pools")
    RO = "ro", _("Roemeens")
    BG = "bg", _("Bulgaars")
    ES = "es", _("Spaans")
    PT = "pt", _("Portugees")
    RU = "ru", _("Russisch")
    UK = "uk", _("Oekraïens")
    FA = "fa", _("Perzisch (Dari, Farsi)")
    PS = "ps", _("Pasjtoe")
    TI = "ti", _("Tigrinya")
    SO = "so", _("Somalisch")
    OTHER = "other", _("andere taal")
