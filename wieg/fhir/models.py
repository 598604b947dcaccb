"""System accounts' export scope and the bulk export jobs with their NDJSON files."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.care.models import Trajectory
from wieg.care.policies import organisation_condition
from wieg.core.models import Province, PublicIdModel
from wieg.directory.models import Organisation


class SystemScope(models.Model):
    """What a system account (User.kind "system") may export: trajectories of families living in these
    provinces, and what these organisations may see now through the access policy (an active care team
    member of theirs, not excluded, and the family's consent to the organisation for each category).
    Nothing else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="fhir_scope",
        limit_choices_to={"kind": "system"},
    )
    label = models.CharField(_("omschrijving"), max_length=200)
    provinces = models.ManyToManyField(Province, blank=True, verbose_name=_("provincies"))
    organisations = models.ManyToManyField(Organisation, blank=True, verbose_name=_("organisaties"))
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("exportbereik van een systeemaccount")
        verbose_name_plural = _("exportbereiken van systeemaccounts")
        permissions = [("export_identities", _("mag identiteiten exporteren (namen, rijksregisternummers)"))]

    def __str__(self) -> str:
        return self.label

    def organisation_ids(self) -> frozenset[int]:
        return frozenset(self.organisations.values_list("pk", flat=True)) if self.active else frozenset()

    def trajectories(self, category: str = "contact"):
        """The trajectories whose information of `category` the account exports at this moment."""
        if not self.active:
            return Trajectory.objects.none()
        condition = Q(pk__in=[])
        province_ids = list(self.provinces.values_list("pk", flat=True))
        if province_ids:
            condition |= Q(family__municipality__province_id__in=province_ids)
        organisation_ids = self.organisation_ids()
        if organisation_ids:
            condition |= organisation_condition(organisation_ids, f"{category}.view")
        return Trajectory.objects.filter(condition)


class ExportStatus(models.TextChoices):
    ACCEPTED = "accepted", _("aanvaard")
    IN_PROGRESS = "in_progress", _("bezig")
    COMPLETED = "completed", _("klaar")
    FAILED = "failed", _("mislukt")
    CANCELLED = "cancelled", _("geannuleerd")


class BulkExportJob(PublicIdModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=ExportStatus.choices, default=ExportStatus.ACCEPTED)
    request_url = models.CharField(max_length=500)
    types = models.JSONField(default=list, blank=True)
    since = models.DateTimeField(null=True, blank=True)
    pseudonymised = models.BooleanField(default=True)
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress = models.CharField(max_length=100, blank=True)
    resource_count = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["user", "-requested_at"])]

    def __str__(self) -> str:
        return f"{self.public_id} {self.status}"


class BulkExportFile(models.Model):
    """One NDJSON file: at most FHIR_EXPORT_FILE_LINES resources of one type. Stored in the database so that
    any web process can serve it (no shared disk needed)."""

    job = models.ForeignKey(BulkExportJob, on_delete=models.CASCADE, related_name="files")
    resource_type = models.CharField(max_length=40)
    count = models.PositiveIntegerField()
    content = models.TextField()

    class Meta:
        ordering = ["pk"]
