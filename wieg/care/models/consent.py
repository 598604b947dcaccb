"""What the parents allow to be shared, its amendments, and whom they exclude."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wieg.core.models import PublicIdModel
from wieg.directory.models import Organisation, Professional

from ..querysets import PeriodQuerySet
from .family import CATEGORIES, Category
from .trajectory import Trajectory


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
