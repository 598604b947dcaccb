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

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self.name_authors(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def name_authors(self, events) -> None:
        """Keep the author's name and organisation as text, so that the log stays readable after they go.

        The audit module names them from the actor at no cost; only events built elsewhere cost a query
        per kind of author, for the whole batch.
        """
        from django.contrib.auth import get_user_model

        from wieg.directory.models import Organisation, Professional

        def names(model, ids, label):
            ids = {i for i in ids if i is not None}
            return {obj.pk: label(obj) for obj in model.objects.filter(pk__in=ids)} if ids else {}

        unnamed = [e for e in events if not e.author_name and (e.professional_id or e.user_id)]
        professionals = names(Professional, (e.professional_id for e in unnamed), lambda p: p.display_name)
        users = names(
            get_user_model(),
            (e.user_id for e in unnamed if e.professional_id not in professionals),
            lambda u: u.get_full_name() or u.username,
        )
        for e in unnamed:
            e.author_name = professionals.get(e.professional_id) or users.get(e.user_id, "")
        unplaced = [e for e in events if not e.organisation_name and e.organisation_id]
        organisations = names(Organisation, (e.organisation_id for e in unplaced), lambda o: o.name)
        for e in unplaced:
            e.organisation_name = organisations.get(e.organisation_id, "")
