from django.db import models
from django.db.models import Exists, OuterRef, Q


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, actor):
        """The sender's side sees referrals of trajectories whose care plan it may see; the receiving
        organisation sees what was sent to it while the family's consent for it lasts (never a referral
        still waiting for consent, never one addressed to another organisation)."""
        from wieg.care.models import Trajectory
        from wieg.care.policies import scope

        if not actor.is_professional:
            return self.none()
        team = Q(trajectory__in=scope(actor, "care_plan.view", Trajectory.objects.all()).values("pk"))
        return self.filter(team | self._receiver(actor))

    def _receiver(self, actor) -> Q:
        from wieg.care.models import Consent

        consent = Consent.objects.filter(
            trajectory=OuterRef("trajectory"),
            organisation=OuterRef("to_organisation"),
            contact=True,
            withdrawn_at__isnull=True,
        )
        return (
            Q(to_organisation_id__in=list(actor.organisation_ids))
            & ~Q(status="waiting_for_consent")
            & Q(Exists(consent))
        )

    def incoming(self, actor):
        return self.filter(self._receiver(actor))

    def open(self):
        return self.filter(status__in=["waiting_for_consent", "sent", "accepted", "in_progress"])
