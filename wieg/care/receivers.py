"""An administrator's change to a professional's way in shows in the access log of that professional's
families, where the coordinator and the parents read it: the administrator is named, and so is the
professional. So does the moment the professional enrolled again and could read the file once more."""

from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from wieg.accounts.signals import account_changed_by_admin, account_reenrolled

from .models import AccessEvent, CareTeamMember, CoordinatorAssignment, Trajectory

OBJECT_TYPES = {
    "password": "AccountPassword",
    "second_factor": "AccountSecondFactor",
    "account_link": "AccountLink",
    "reenrolled": "AccountReenrolment",
}


def trajectories_of(professional):
    """Trajectories where the professional is on the team or coordinates now."""
    now = timezone.now()
    current = Q(start__lte=now) & (Q(end__isnull=True) | Q(end__gt=now))
    on_team = CareTeamMember.objects.filter(current, professional=professional).values("trajectory_id")
    coordinating = CoordinatorAssignment.objects.filter(current, professional=professional).values(
        "trajectory_id"
    )
    return Trajectory.objects.filter(Q(pk__in=on_team) | Q(pk__in=coordinating)).only("pk", "family_id")


def _log(*, user, author, author_kind: str, channel: str, change: str) -> None:
    professional = getattr(user, "professional", None)
    if professional is None:
        return
    AccessEvent.objects.bulk_create(
        AccessEvent(
            user_id=getattr(author, "pk", None),
            professional_id=professional.pk if author_kind == "professional" else None,
            author_name=professional.display_name
            if author_kind == "professional"
            else (author.get_full_name() or author.username),
            actor_kind=author_kind,
            channel=channel,
            action="update",
            object_type=OBJECT_TYPES[change],
            object_id=str(professional.public_id),
            trajectory_id=t.pk,
            family_id=t.family_id,
            detail=professional.display_name,
        )
        for t in trajectories_of(professional)
    )


@receiver(account_changed_by_admin, dispatch_uid="wieg.care.account_changed_by_admin")
def _account_changed_by_admin(sender, user, admin, change, **kwargs):
    _log(user=user, author=admin, author_kind="admin", channel="admin", change=change)


@receiver(account_reenrolled, dispatch_uid="wieg.care.account_reenrolled")
def _account_reenrolled(sender, user, **kwargs):
    _log(user=user, author=user, author_kind="professional", channel="web", change="reenrolled")
