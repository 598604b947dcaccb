"""Break-the-glass, its review, and the append-only access log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.core.models import Province, PublicIdModel
from wieg.directory.models import Organisation, Professional

from ..querysets import AccessEventQuerySet
from .family import Category, Family
from .trajectory import Trajectory


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
