from django.db import models
from django.db.models import Case, CharField, Value, When


class PlanItemQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wieg.care.policies import scope

        return scope(actor, "care_plan.view", self)

    def open(self):
        return self.filter(status="planned")

    def overdue(self, today):
        """Late but still worth doing: missed items (closed long ago) are not."""
        from .rules import missed_before

        return self.filter(status="planned", window_end__lt=today, window_end__gte=missed_before(today))

    def due(self, today):
        return self.filter(status="planned", window_start__lte=today, window_end__gte=today)

    def with_status(self, today):
        """`display_status` in SQL, so that lists can filter and count on it."""
        from .rules import missed_before

        return self.annotate(
            display_status=Case(
                When(status="planned", window_end__lt=missed_before(today), then=Value("missed")),
                When(status="planned", window_end__lt=today, then=Value("overdue")),
                When(status="planned", window_start__lte=today, then=Value("due")),
                default="status",
                output_field=CharField(),
            )
        )


class ContactQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wieg.care.policies import scope

        return scope(actor, "care_plan.view", self)
