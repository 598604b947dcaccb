"""Family centres (Huizen van het Kind), coverage, perinatal networks and activities (Open Referral-like).

Nothing here holds care data except Registration, which belongs to a trajectory and so falls under the
care policy (scope() works on any model with a `trajectory` foreign key).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wieg.care.models import Trajectory
from wieg.core.models import Municipality, PublicIdModel, TimeStampedModel
from wieg.directory.models import Organisation, Professional

from .querysets import ActivityQuerySet, FamilyCentreQuerySet, RegistrationQuerySet, SessionQuerySet


def _localized(obj, field: str) -> str:
    """The field in the reader's language, falling back to Dutch (the source language)."""
    language = (get_language() or "nl")[:2]
    if language in {"fr", "en"}:
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, field)


class LifeDomain(models.Model):
    """One of the life domains of the family centres' roadmap. Loaded from data/life_domains.json."""

    key = models.SlugField(max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    name_nl = models.CharField(max_length=100)
    name_fr = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    themes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("levensdomein")
        verbose_name_plural = _("levensdomeinen")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "nl")[:2]
        return getattr(self, f"name_{language}", "") or self.name_nl


class FamilyCentre(PublicIdModel, TimeStampedModel):
    """A Huis van het Kind: a local partnership, run by an organisation of kind family_centre."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="family_centre",
        limit_choices_to={"kind": "family_centre"},
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("gemeenten"), related_name="family_centres", blank=True
    )
    contact_person = models.ForeignKey(
        Professional,
        verbose_name=_("contactpersoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    active = models.BooleanField(_("actief"), default=True)

    objects = FamilyCentreQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("Huis van het Kind")
        verbose_name_plural = _("Huizen van het Kind")

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name


class Involvement(models.TextChoices):
    CORE = "core", _("kernpartner")
    MODERATE = "moderate", _("gemiddeld betrokken")
    OCCASIONAL = "occasional", _("occasioneel betrokken")


class Partnership(models.Model):
    centre = models.ForeignKey(FamilyCentre, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="centre_partnerships"
    )
    involvement = models.CharField(_("betrokkenheid"), max_length=12, choices=Involvement.choices)
    life_domains = models.ManyToManyField(LifeDomain, blank=True, related_name="+")
    since = models.DateField(_("sinds"), default=timezone.localdate)

    class Meta:
        ordering = ["involvement", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "organisation"], name="one_partnership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_involvement_display()})"


class ActionStatus(models.TextChoices):
    TAKEN = "taken", _("ondernomen")
    PLANNED = "planned", _("gepland")


class DomainAction(models.Model):
    """What a centre does or plans in one life domain."""

    centre = models.ForeignKey(FamilyCentre, on_delete=models.CASCADE, related_name="actions")
    life_domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(_("actie"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="+")

    class Meta:
        ordering = ["life_domain__order", "status", "title"]


class NeighbourhoodNetwork(models.Model):
    """A neighbourhood-oriented network inside a centre's area (referentiekader buurtgerichte netwerken)."""

    centre = models.ForeignKey(FamilyCentre, on_delete=models.CASCADE, related_name="neighbourhood_networks")
    name = models.CharField(_("naam"), max_length=150)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("beschrijving"), blank=True)
    partners = models.ManyToManyField(Organisation, blank=True, related_name="+")

    class Meta:
        ordering = ["name"]


# --- Perinatal networks -------------------------------------------------------------------------------------


class PerinatalNetwork(PublicIdModel, TimeStampedModel):
    """Partners around pregnancy and birth in the area of one or more family centres."""

    name = models.CharField(_("naam"), max_length=150)
    centres = models.ManyToManyField(FamilyCentre, related_name="perinatal_networks")
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("perinataal netwerk")
        verbose_name_plural = _("perinatale netwerken")

    def __str__(self) -> str:
        return self.name


class NetworkPartner(models.Model):
    network = models.ForeignKey(PerinatalNetwork, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="one_network_partner")
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class WorkGroup(models.Model):
    network = models.ForeignKey(PerinatalNetwork, on_delete=models.CASCADE, related_name="work_groups")
    name = models.CharField(_("naam"), max_length=150)
    purpose = models.TextField(_("doel"), blank=True)
    members = models.ManyToManyField(NetworkPartner, blank=True, related_name="work_groups")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Meeting(PublicIdModel, TimeStampedModel):
    network = models.ForeignKey(PerinatalNetwork, on_delete=models.CASCADE, related_name="meetings")
    work_group = models.ForeignKey(
        WorkGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("datum en uur"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("verslag"), blank=True)
    minutes_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.network} {self.starts_at:%d/%m/%Y}"


class Invitation(models.Model):
    """A partner invited to a meeting; `attended` is filled in afterwards (None: not yet known)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    partner = models.ForeignKey(NetworkPartner, on_delete=models.CASCADE, related_name="invitations")
    attended = models.BooleanField(null=True)

    class Meta:
        ordering = ["partner__organisation__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "partner"], name="one_invitation")]


class CaseDiscussion(models.Model):
    """A case brought to a meeting. Deliberately no link to a family: a pseudonym and the question only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="case_discussions")
    pseudonym = models.CharField(_("schuilnaam"), max_length=40)
    question = models.TextField(_("vraag"), max_length=2000)
    outcome = models.TextField(_("afspraken"), blank=True, max_length=2000)
    brought_by = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]


# --- Activities (an Open Referral-like service, location and schedule) --------------------------------------


class ActivityKind(models.TextChoices):
    INFO_SESSION = "info_session", _("infosessie")
    PRENATAL_GROUP = "prenatal_group", _("prenatale groep")
    BABY_MASSAGE = "baby_massage", _("babymassage")
    CARROUSEL = "carrousel", _("kindercarrousel")
    SWAP_SHOP = "swap_shop", _("ruilwinkel")
    CONSULTATION_HOURS = "consultation_hours", _("spreekuur")
    PARENT_GROUP = "parent_group", _("oudergroep")
    PLAY_MEETING = "play_meeting", _("spel en ontmoeting")
    OTHER = "other", _("ander aanbod")


class TargetGroup(models.TextChoices):
    EXPECTING = "expecting", _("aanstaande ouders")
    BABIES = "babies", _("ouders van baby's")
    FATHERS = "fathers", _("vaders")
    VULNERABLE = "vulnerable", _("gezinnen in een kwetsbare situatie")
    EVERYONE = "everyone", _("iedereen")


class Cost(models.TextChoices):
    FREE = "free", _("gratis")
    PAID = "paid", _("betalend")
    REDUCED = "reduced", _("verminderd tarief (derdebetaler)")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("ontwerp")
    PUBLISHED = "published", _("gepubliceerd")
    CANCELLED = "cancelled", _("geannuleerd")


class Activity(PublicIdModel, TimeStampedModel):
    centre = models.ForeignKey(FamilyCentre, on_delete=models.PROTECT, related_name="activities")
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organisator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("titel"), max_length=150)
    title_fr = models.CharField(_("titel (Frans)"), max_length=150, blank=True)
    title_en = models.CharField(_("titel (Engels)"), max_length=150, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=ActivityKind.choices)
    description = models.TextField(_("beschrijving"), blank=True)
    description_fr = models.TextField(_("beschrijving (Frans)"), blank=True)
    description_en = models.TextField(_("beschrijving (Engels)"), blank=True)
    target_group = models.CharField(_("voor wie"), max_length=12, choices=TargetGroup.choices)
    life_domain = models.ForeignKey(LifeDomain, verbose_name=_("levensdomein"), on_delete=models.PROTECT)
    cost = models.CharField(_("kostprijs"), max_length=10, choices=Cost.choices, default=Cost.FREE)
    price = models.DecimalField(_("prijs (euro)"), max_digits=7, decimal_places=2, null=True, blank=True)
    place_name = models.CharField(_("plaats"), max_length=150)
    address = models.CharField(_("adres"), max_length=200)
    postal_code = models.CharField(_("postcode"), max_length=4, db_index=True)
    municipality = models.ForeignKey(Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT)
    capacity = models.PositiveIntegerField(_("aantal plaatsen"), null=True, blank=True)
    registration_required = models.BooleanField(_("inschrijven nodig"), default=True)
    status = models.CharField(max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PUBLISHED)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        indexes = [models.Index(fields=["municipality", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return _localized(self, "title")

    @property
    def display_description(self) -> str:
        return _localized(self, "description")


class ActivityLanguage(models.Model):
    """A language the activity is given in (nl, fr, en, ar, ...): one row each, so the filter is plain SQL."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(max_length=5, db_index=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "language"], name="one_language_row")]


class Session(models.Model):
    """One date and time of an activity. Weekly series share a `series` number."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    series = models.PositiveIntegerField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("ingeschreven")
    WAITING = "waiting", _("op de wachtlijst")
    CANCELLED = "cancelled", _("geannuleerd")


class RegisteredVia(models.TextChoices):
    PARENT_PORTAL = "parent_portal", _("ouderportaal")
    TRAJECTORY = "trajectory", _("door een zorgverlener")
    API = "api", _("API")


class Registration(PublicIdModel):
    """A family registered for an activity. Care data: it belongs to a trajectory and the policy scopes it."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="registrations")
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="activity_registrations"
    )
    seats = models.PositiveSmallIntegerField(_("aantal personen"), default=1)
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    registered_via = models.CharField(max_length=15, choices=RegisteredVia.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["activity", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "trajectory"],
                condition=~Q(status="cancelled"),
                name="one_open_registration",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1) & Q(seats__lte=10), name="seats_range"),
        ]
