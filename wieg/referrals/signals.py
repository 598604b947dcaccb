"""Listens to the care heart: when the family gives consent, referrals that waited for it are sent.

And tells the apps beside it (pathways) when a referral is accepted, so that referrals imports none of them;
sent inside the service's transaction with `actor`, `trajectory` and `referral`.
"""

from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from wieg.care.models import Consent

referral_accepted = Signal()


@receiver(post_save, sender=Consent, dispatch_uid="referrals.send_waiting_on_consent")
def send_waiting_on_consent(sender, instance: Consent, created: bool, raw: bool = False, **kwargs):
    if raw or instance.withdrawn_at is not None or not instance.contact or instance.organisation_id is None:
        return
    from .services import referrals_send_waiting

    referrals_send_waiting(trajectory=instance.trajectory, organisation_id=instance.organisation_id)
