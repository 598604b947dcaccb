from django.db import models
from django.db.models import Q


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, actor):
        """The sender's side sees referrals of trajectories whose care plan it may see; the receiving
        organisation sees what was sent to it (never one still waiting for consent, never another's)."""
        from wieg.care.models import Trajectory
        from wieg.care.policies import scope

        if not actor.is_professional:
            return self.none()
        team = Q(trajectory__in=scope(actor, "care_plan.view", Trajectory.objects.all()).values("pk"))
        receiver = Q(to_organisation_id__in=list(actor.organisation_ids)) & ~Q(status="waiting_for_consent")
        return self.filter(team | receiver)

    def incoming(self, actor):
        return self.filter(to_organisation_id__in=list(actor.organisation_ids)).exclude(
            status="waiting_for_consent"
        )

    def open(self):
        return self.filter(status__in=["waiting_for_consent", "sent", "accepted", "in_progress"])
