"""Questionnaires (loaded from versioned data files), screenings, the flags they raise and the suggestions.

Everything here is psychosocial data: the policy category "psychosocial" guards every read.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wieg.care.models import Trajectory
from wieg.core.models import PublicIdModel, TimeStampedModel
from wieg.directory.models import Organisation, Professional


def pick_label(labels: dict | str, language: str | None = None) -> str:
    """A label from a data file ({"nl": ..., "fr": ..., "en": ...}) in the active language or Dutch."""
    if isinstance(labels, str):
        return labels
    language = (language or get_language() or "nl")[:2]
    return labels.get(language) or labels.get("nl") or ""


class Instrument(models.Model):
    """One version of a questionnaire. The definition is the data file as loaded; versions never change."""

    code = models.CharField(max_length=30)
    version = models.PositiveSmallIntegerField()
    definition = models.JSONField()
    active = models.BooleanField(default=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="one_instrument_version")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def name(self) -> str:
        return pick_label(self.definition["name"])

    def flag_label(self, code: str) -> str:
        return pick_label(self.definition["flags"][code]["label"])


class LicensedText(models.Model):
    """Item wording an operator loaded under a translation's own licence: shown instead of the shipped
    wording of that item, on forms and in the API."""

    instrument_code = models.CharField(max_length=30)
    item_key = models.CharField(max_length=40)
    language = models.CharField(max_length=5)
    text = models.TextField()
    options = models.JSONField(default=list, blank=True)  # option texts in printed order
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_code", "item_key", "language"], name="one_licensed_text"
            )
        ]


class SuggestionRuleSet(models.Model):
    """The suggestion rules file as loaded (one row per version)."""

    version = models.PositiveSmallIntegerField(unique=True)
    rules = models.JSONField()
    loaded_at = models.DateTimeField(default=timezone.now)


class Respondent(models.TextChoices):
    PROFESSIONAL = "professional", _("zorgverlener met het gezin")
    PARENT = "parent", _("ouder zelf")


class Screening(PublicIdModel, TimeStampedModel):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="screenings")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField()  # {item key: position in printed order}
    score = models.DecimalField(max_digits=6, decimal_places=1)
    indicator_scores = models.JSONField(default=dict, blank=True)
    respondent = models.CharField(max_length=15, choices=Respondent.choices, default=Respondent.PROFESSIONAL)
    performed_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    performed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-performed_at", "-pk"]
        indexes = [models.Index(fields=["trajectory", "-performed_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} {self.performed_at:%Y-%m-%d}"


class ScreeningRequest(PublicIdModel):
    """The team asks the parent to fill in a self-screening in the parents' portal."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="screening_requests")
    instrument_code = models.CharField(max_length=30)
    requested_by = models.ForeignKey(Professional, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    screening = models.OneToOneField(
        Screening, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["trajectory", "screening"])]


class FlagLevel(models.TextChoices):
    ATTENTION = "attention", _("aandacht")
    HIGH = "high", _("hoog")
    URGENT = "urgent", _("dringend, vandaag nog")


class Flag(PublicIdModel):
    """A signal a screening raised. An urgent flag stays on the trajectory and the worklist until someone
    records the action taken."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="flags")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="screening_flags")
    code = models.CharField(max_length=40)
    level = models.CharField(max_length=10, choices=FlagLevel.choices)
    raised_at = models.DateTimeField(default=timezone.now)
    action_taken = models.TextField(blank=True)
    action_at = models.DateTimeField(null=True, blank=True)
    action_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at", "pk"]
        indexes = [models.Index(fields=["level", "action_at"]), models.Index(fields=["trajectory", "code"])]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return self.screening.instrument.flag_label(self.code)

    @property
    def open_urgent(self) -> bool:
        return self.level == FlagLevel.URGENT and self.action_at is None


class SuggestionKind(models.TextChoices):
    REFERRAL = "referral", _("doorverwijzing")
    RISK_LEVEL = "risk_level", _("risiconiveau")
    EXTRA_CONTACTS = "extra_contacts", _("extra contacten")
    ACTIVITY = "activity", _("activiteit")
    SCREENING = "screening", _("screening")


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("aanvaard")
    DISMISSED = "dismissed", _("afgewezen")


class Suggestion(PublicIdModel, TimeStampedModel):
    """What a rule proposes after a screening. A professional accepts or dismisses it with a reason."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="screening_suggestions")
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="suggestions")
    rule_key = models.CharField(max_length=60)
    rules_version = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=SuggestionKind.choices)
    action = models.JSONField()  # the rule's action: {"kind": "referral", "service": "ocmw"}, ...
    label = models.JSONField()  # {"nl": ..., "fr": ..., "en": ...}
    flag_codes = models.JSONField(default=list)
    due_by = models.DateField(null=True, blank=True)  # e.g. maternity home care: 6 weeks before the due date
    status = models.CharField(max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN)
    decided_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["trajectory", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(decided_at=None), name="decided_suggestion_has_time"
            )
        ]

    @property
    def text(self) -> str:
        return pick_label(self.label)

    @property
    def service(self) -> str | None:
        return self.action.get("service") if self.kind == SuggestionKind.REFERRAL else None
