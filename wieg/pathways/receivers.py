"""Listens to the care heart's signals (care never imports pathways), and to the events of the apps beside
it that fulfil plan items: a screening closes its screening items, an accepted referral the items that
asked for it (the pathway files' `fulfilled_by`). Those apps import nothing of pathways."""

from django.dispatch import receiver
from django.utils import timezone

from wieg.care import signals
from wieg.referrals import signals as referral_signals
from wieg.screening import signals as screening_signals

from .services import plan_generate, plan_items_fulfil, plan_replan


@receiver(signals.trajectory_created, dispatch_uid="pathways.plan_on_create")
def on_trajectory_created(sender, actor, trajectory, **kwargs):
    plan_generate(actor=actor, trajectory=trajectory)


@receiver(signals.due_date_changed, dispatch_uid="pathways.replan_on_due_date")
def on_due_date_changed(sender, actor, trajectory, **kwargs):
    plan_replan(actor=actor, trajectory=trajectory, reason="due date")


@receiver(signals.birth_registered, dispatch_uid="pathways.replan_on_birth")
def on_birth_registered(sender, actor, trajectory, **kwargs):
    plan_replan(actor=actor, trajectory=trajectory, reason="birth")


@receiver(signals.risk_level_changed, dispatch_uid="pathways.replan_on_risk")
def on_risk_level_changed(sender, actor, trajectory, **kwargs):
    plan_replan(actor=actor, trajectory=trajectory, reason="risk level")


@receiver(signals.trajectory_closed, dispatch_uid="pathways.cancel_on_close")
def on_trajectory_closed(sender, actor, trajectory, **kwargs):
    plan_replan(actor=actor, trajectory=trajectory, reason="closed")


@receiver(screening_signals.screening_recorded, dispatch_uid="pathways.fulfil_on_screening")
def on_screening_recorded(sender, actor, trajectory, moments_done=None, **kwargs):
    fulfilled = {f"screening:{key}": day for key, day in (moments_done or {}).items()}
    if fulfilled:
        plan_items_fulfil(actor=actor, trajectory=trajectory, fulfilled=fulfilled, detail="screening")


@receiver(referral_signals.referral_accepted, dispatch_uid="pathways.fulfil_on_referral")
def on_referral_accepted(sender, actor, trajectory, referral, **kwargs):
    day = timezone.localdate(referral.answered_at) if referral.answered_at else timezone.localdate()
    plan_items_fulfil(
        actor=actor,
        trajectory=trajectory,
        fulfilled={f"referral:{referral.service}": day},
        detail=f"referral {referral.service} accepted",
    )
