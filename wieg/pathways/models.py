"""Pathway templates (loaded from the data files), the personal care plan, contacts and worklist filters."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wieg.care.models import Category, Trajectory
from wieg.core.models import PublicIdModel, TimeStampedModel
from wieg.directory.models import Organisation, Professional

from .querysets import ContactQuerySet, PlanItemQuerySet


def pick_label(labels: dict, fallback: str = "") -> str:
    """The label in the active language, then Dutch, then whatever there is."""
    if not labels:
        return fallback
    language = (get_language() or "nl")[:2]
    return labels.get(language) or labels.get("nl") or next(iter(labels.values()), fallback)


class Anchor(models.TextChoices):
    DUE_DATE = "due_date", _("uitgerekende datum")
    BIRTH = "birth", _("geboorte")


class WindowUnit(models.TextChoices):
    GA_WEEKS = "ga_weeks", _("weken zwangerschap")
    HOURS = "hours", _("uren na de geboorte")
    DAYS = "days", _("dagen na de geboorte")
    WEEKS = "weeks", _("weken na de geboorte")
    MONTHS = "months", _("maanden na de geboorte")


class ItemKind(models.TextChoices):
    CONTACT = "contact", _("consultatie")
    HOME_VISIT = "home_visit", _("huisbezoek")
    ULTRASOUND = "ultrasound", _("echografie")
    TEST = "test", _("onderzoek")
    SCREENING = "screening", _("screening")
    VACCINATION = "vaccination", _("vaccinatie")
    GOAL = "goal", _("doel")
    ACTION = "action", _("actie")


class PathwayTemplate(models.Model):
    """One version of one pathway data file (wieg/pathways/data/pathways/<code>.json)."""

    code = models.CharField(max_length=60)
    version = models.CharField(max_length=20)
    labels = models.JSONField(default=dict)
    description = models.JSONField(default=dict, blank=True)
    source = models.TextField(blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    active = models.BooleanField(default=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="one_template_version")]
        verbose_name = _("zorgpad")
        verbose_name_plural = _("zorgpaden")

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    @property
    def title(self) -> str:
        return pick_label(self.labels, self.code)


class TemplateItem(models.Model):
    """One planned moment of a pathway: a stable code, a window relative to an anchor, who may do it."""

    template = models.ForeignKey(PathwayTemplate, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=80)
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    labels = models.JSONField(default=dict)
    anchor = models.CharField(max_length=10, choices=Anchor.choices)
    unit = models.CharField(max_length=10, choices=WindowUnit.choices)
    start = models.IntegerField()
    end = models.IntegerField()
    disciplines = models.CharField(max_length=200, blank=True)  # ",midwife,gp," for a portable LIKE filter
    counts_toward_minimum = models.BooleanField(default=False)
    conditions = models.JSONField(default=dict, blank=True)
    checklist = models.JSONField(default=list, blank=True)
    # Events of other apps that close the item: "screening:<moment key>", "referral:<service>" (all of them).
    fulfilled_by = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="one_item_code_per_template")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return pick_label(self.labels, self.code)

    @property
    def discipline_list(self) -> list[str]:
        return [d for d in self.disciplines.split(",") if d]


class ItemStatus(models.TextChoices):
    """What is stored. `due`, `overdue` and an unacknowledged `missed` are planned items seen from a date
    (see status.py); a stored `missed` is one the team acknowledged, with a reason."""

    PLANNED = "planned", _("gepland")
    DONE = "done", _("gedaan")
    CANCELLED = "cancelled", _("geannuleerd")
    # Its window had closed before the trajectory started: nobody could have done it in this trajectory.
    BEFORE_ENROLMENT = "before_enrolment", _("voor de start van het traject")
    MISSED = "missed", _("gemist")


# Items an event may still fulfil: a late screening or contact closes a missed item too.
FULFILLABLE = (ItemStatus.PLANNED, ItemStatus.BEFORE_ENROLMENT, ItemStatus.MISSED)


class DisplayStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    DUE = "due", _("nu te doen")
    OVERDUE = "overdue", _("te laat")
    MISSED = "missed", _("gemist")
    BEFORE_ENROLMENT = "before_enrolment", _("voor de start van het traject")
    DONE = "done", _("gedaan")
    CANCELLED = "cancelled", _("geannuleerd")


class Phase(models.TextChoices):
    PRENATAL = "prenatal", _("zwangerschap")
    POSTNATAL = "postnatal", _("na de geboorte")
    INFANCY = "infancy", _("baby en peuter")


class PlanItem(PublicIdModel, TimeStampedModel):
    """One item of a trajectory's personal care plan (FHIR CarePlan.activity)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="plan_items")
    template_item = models.ForeignKey(
        TemplateItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(max_length=80)
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)
    phase = models.CharField(max_length=10, choices=Phase.choices)
    labels = models.JSONField(default=dict)  # copied from the template, or {"nl": "..."} for an added item
    window_start = models.DateField(_("vanaf"))
    window_end = models.DateField(_("tot en met"))
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED)
    counts_toward_minimum = models.BooleanField(default=False)
    disciplines = models.CharField(max_length=200, blank=True)
    fulfilled_by = models.JSONField(default=list, blank=True)  # copied from the template item
    owner = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_on = models.DateField(null=True, blank=True)
    cancelled_reason = models.CharField(_("reden"), max_length=300, blank=True)
    # A missed item the team acknowledged: why, by whom and when.
    acknowledged_reason = models.CharField(_("reden"), max_length=300, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Cancelled by a re-plan (risk level, birth, closing), not by a person: a later re-plan may reopen it.
    cancelled_automatically = models.BooleanField(default=False)
    # A window a professional moved by hand is not moved again when the due date or birth changes.
    window_locked = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["window_start", "window_end", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "code"], name="one_plan_item_per_code"),
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")), name="window_in_order"
            ),
        ]
        indexes = [
            # Worklists start from a caseload's trajectories; no index leads with status or dates, or the
            # planner walks millions of items in date order looking for a caseload's few.
            models.Index(fields=["trajectory", "status", "window_start"]),
        ]
        verbose_name = _("planitem")
        verbose_name_plural = _("planitems")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return pick_label(self.labels, self.code)

    @property
    def discipline_list(self) -> list[str]:
        return [d for d in self.disciplines.split(",") if d]

    @property
    def checklist(self) -> list[dict]:
        return list(self.template_item.checklist) if self.template_item_id and self.template_item else []

    @property
    def is_open(self) -> bool:
        return self.status == ItemStatus.PLANNED

    @property
    def closed_by_screening(self) -> bool:
        """Only a recorded screening closes it, so that the plan and the screening panel always agree."""
        return any(key.startswith("screening:") for key in self.fulfilled_by or ())

    def status_on(self, day) -> str:
        from .status import display_status

        return display_status(self.status, self.window_start, self.window_end, day)


class PlanEvent(models.Model):
    """The plan's own history: who added, moved, cancelled, re-planned or fulfilled what, and why."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    professional = models.ForeignKey(Professional, null=True, on_delete=models.SET_NULL, related_name="+")
    # created, moved, cancelled, reopened, done, replanned, updated, acknowledged
    action = models.CharField(max_length=20)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]


class ContactKind(models.TextChoices):
    CONSULTATION = "consultation", _("consultatie")
    HOME_VISIT = "home_visit", _("huisbezoek")
    PHONE = "phone", _("telefonisch")
    VIDEO = "video", _("videogesprek")
    GROUP = "group", _("groepssessie")


class Contact(PublicIdModel, TimeStampedModel):
    """A consultation or visit that took place (FHIR Encounter)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="contacts")
    plan_item = models.ForeignKey(
        PlanItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    date = models.DateField(_("datum"))
    kind = models.CharField(_("soort contact"), max_length=20, choices=ContactKind.choices)
    professional = models.ForeignKey(Professional, null=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.PROTECT, related_name="+")
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    checklist = models.JSONField(default=list, blank=True)  # codes of the item's checklist that were done

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["trajectory", "date"])]
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")


class ContactNote(models.Model):
    """A note on a contact, in one category of information: it is shown only to whom consent allows."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=20, choices=Category.choices)
    text = models.TextField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["contact", "category"], name="one_note_per_category")]


class SavedFilter(models.Model):
    """A worklist filter a professional saved, optionally shared with the organisation."""

    name = models.CharField(_("naam"), max_length=100)
    owner = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    shared = models.BooleanField(_("delen met de organisatie"), default=False)
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarToken(models.Model):
    """The secret in a professional's iCalendar feed URL. Only its hash is stored; a reset revokes it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    @classmethod
    def issue(cls, user) -> str:
        raw = secrets.token_urlsafe(32)
        cls.objects.update_or_create(
            user=user, defaults={"key_hash": _hash(raw), "created_at": timezone.now()}
        )
        return raw

    @classmethod
    def user_for(cls, raw: str):
        token = cls.objects.select_related("user").filter(key_hash=_hash(raw)).first()
        if token is None or not token.user.is_active:
            return None
        return token.user


class ReminderKind(models.TextChoices):
    OVERDUE = "overdue", _("te laat")
    UPCOMING = "upcoming", _("binnenkort")


class Reminder(models.Model):
    """One reminder sent about one item to one person, so that the daily run never repeats itself."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user", "kind"], name="one_reminder_per_item")]
