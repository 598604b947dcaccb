"""Listens to the care heart's signals: care never imports pathways."""

from django.dispatch import receiver

from wieg.care import signals

from .services import plan_generate, plan_replan


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
