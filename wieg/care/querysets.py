from django.db import models
from django.db.models import Q
from django.utils import timezone


class PeriodQuerySet(models.QuerySet):
    """Rows with a start and an optional end (team membership, coordinator) or a withdrawal (consent)."""

    def active(self, at=None):
        at = at or timezone.now()
        fields = {f.name for f in self.model._meta.get_fields()}
        if "withdrawn_at" in fields:
            return self.filter(withdrawn_at__isnull=True)
        return self.filter(start__lte=at).filter(Q(end__isnull=True) | Q(end__gt=at))


class TrajectoryQuerySet(models.QuerySet):
    def visible_to(self, actor, category: str = "contact"):
        from .policies import scope

        return scope(actor, f"{category}.view", self)

    def active(self):
        return self.filter(status="active")


class FamilyQuerySet(models.QuerySet):
    def visible_to(self, actor, category: str = "contact"):
        from .policies import scope

        return scope(actor, f"{category}.view", self)


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")
