"""Base mixins for every domain model, and the Belgian reference data (no domain models here)."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PublicIdModel(models.Model):
    """Integer keys stay inside; the UUID is what URLs, the API and FHIR show."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Region(models.TextChoices):
    FLANDERS = "flanders", _("Vlaams Gewest")
    BRUSSELS = "brussels", _("Brussels Hoofdstedelijk Gewest")
    WALLONIA = "wallonia", _("Waals Gewest")


class Province(models.Model):
    nis_code = models.CharField(max_length=5, unique=True)
    name_nl = models.CharField(max_length=100)
    name_fr = models.CharField(max_length=100)
    region = models.CharField(max_length=10, choices=Region.choices)

    class Meta:
        ordering = ["nis_code"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if get_language() == "fr" else self.name_nl


class MunicipalityQuerySet(models.QuerySet):
    def valid_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day)).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        )

    def in_scope(self):
        """Wieg serves Flanders and Brussels."""
        return self.filter(region__in=[Region.FLANDERS, Region.BRUSSELS])


class Municipality(models.Model):
    """A municipality by NIS code. Mergers are data: the old one gets valid_to and a successor."""

    nis_code = models.CharField(max_length=5, unique=True)
    name_nl = models.CharField(max_length=100)
    name_fr = models.CharField(max_length=100)
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.PROTECT)
    region = models.CharField(max_length=10, choices=Region.choices, db_index=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "fr" and self.name_fr:
            return self.name_fr
        return self.name_nl


class PostalCode(models.Model):
    code = models.CharField(max_length=4, db_index=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code", "municipality"], name="postal_code_unique")]

    def __str__(self) -> str:
        return self.code
