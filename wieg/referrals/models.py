"""Referrals: a request from a care team member to an organisation (FHIR ServiceRequest) and its answer
and progress (FHIR Task). Every step is a ReferralStep, shown as a timeline, and an AccessEvent."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.care.models import Trajectory
from wieg.core.models import PublicIdModel, TimeStampedModel
from wieg.directory.models import Organisation, Professional
from wieg.screening.models import Flag, Suggestion

from .querysets import ReferralQuerySet


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("gewoon")
    SOON = "soon", _("binnenkort")
    URGENT = "urgent", _("dringend")


class Status(models.TextChoices):
    WAITING_FOR_CONSENT = "waiting_for_consent", _("wacht op toestemming van het gezin")
    SENT = "sent", _("verstuurd")
    ACCEPTED = "accepted", _("aanvaard")
    DECLINED = "declined", _("geweigerd")
    IN_PROGRESS = "in_progress", _("loopt")
    COMPLETED = "completed", _("afgerond")
    CANCELLED = "cancelled", _("geannuleerd")


OPEN_STATUSES = (Status.WAITING_FOR_CONSENT, Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS)

# FHIR Task.status for each of our statuses (the ServiceRequest stays "active" until completed or revoked).
FHIR_TASK_STATUS = {
    Status.WAITING_FOR_CONSENT: "on-hold",
    Status.SENT: "requested",
    Status.ACCEPTED: "accepted",
    Status.DECLINED: "rejected",
    Status.IN_PROGRESS: "in-progress",
    Status.COMPLETED: "completed",
    Status.CANCELLED: "cancelled",
}


class Referral(PublicIdModel, TimeStampedModel):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="referrals")
    service = models.CharField(_("dienst"), max_length=40)
    from_professional = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received"
    )
    reason = models.TextField(_("reden"))
    urgency = models.CharField(
        _("dringendheid"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    requested_hours = models.PositiveSmallIntegerField(_("gevraagde uren"), null=True, blank=True)
    requested_start = models.DateField(_("gewenste start"), null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    flags = models.ManyToManyField(Flag, blank=True, related_name="referrals")
    suggestion = models.ForeignKey(
        Suggestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An intake names the trajectory's coordinator when it is accepted.
    coordinator = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["to_organisation", "status"]),
            models.Index(fields=["from_organisation", "status"]),
            models.Index(fields=["trajectory", "service", "status"]),
            models.Index(fields=["status", "sent_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="declined_referral_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | ~Q(outcome=""), name="completed_referral_has_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} -> {self.to_organisation_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def fhir_task_status(self) -> str:
        return FHIR_TASK_STATUS[self.status]

    @property
    def service_label(self) -> str:
        from .catalogue import service_label

        return service_label(self.service)


class ReferralStep(models.Model):
    """One step in a referral's life: who, when, the new status and a short note (reason, outcome)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices)
    professional = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    reminder = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]
