from django.db import models
from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone


def centre_member_q(actor, prefix: str = "") -> Q:
    """Rows of a family centre the actor works for (an active membership of its organisation)."""
    if not getattr(actor, "is_professional", False) or not actor.organisation_ids:
        return Q(pk__in=[])
    return Q(**{f"{prefix}organisation_id__in": actor.organisation_ids})


class FamilyCentreQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True, organisation__active=True)

    def managed_by(self, actor):
        return self.filter(centre_member_q(actor))


class ActivityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published", centre__active=True)

    def managed_by(self, actor):
        """Family centre staff manage their own centre's activities only."""
        return self.filter(centre_member_q(actor, "centre__"))

    def with_upcoming(self, now=None):
        from .models import Session

        now = now or timezone.now()
        return self.filter(
            Exists(Session.objects.filter(activity=OuterRef("pk"), cancelled=False, ends_at__gte=now))
        )

    def with_taken_seats(self):
        return self.annotate(
            taken_seats=Coalesce(Sum("registrations__seats", filter=Q(registrations__status="confirmed")), 0),
        )


class SessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(cancelled=False, ends_at__gte=now or timezone.now())


class RegistrationQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status="cancelled")

    def visible_to(self, actor, category: str = "contact"):
        from wieg.care.policies import scope

        return scope(actor, f"{category}.view", self)
