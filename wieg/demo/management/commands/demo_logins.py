"""`python manage.py demo_logins`: the demo accounts, what each one is, and the password."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from wieg.accounts.models import User
from wieg.care.models import CoordinatorAssignment, Person, PersonRole
from wieg.core.errors import DomainError
from wieg.demo.models import DemoRun
from wieg.demo.personas import PERSONAS
from wieg.demo.seeders import DEMO_PASSWORD
from wieg.directory.actors import actor_for
from wieg.directory.models import Membership
from wieg.portal import services as invitations


def demo_invitation():
    """The co-parent of the `parent` account's family, or else any pregnant parent of the nurse without an
    account. Each run issues a new code (only its hash is stored) and revokes the previous one."""
    parent_families = Person.objects.filter(user__username="parent").values("family")
    candidates = (
        Person.objects.filter(user__isnull=True, family__trajectories__status="active")
        .filter(Q(family__in=parent_families, role=PersonRole.CO_PARENT) | Q(role=PersonRole.PREGNANT_PARENT))
        .order_by("role", "pk")  # co_parent before pregnant_parent
        .distinct()
    )
    for person in candidates[:20]:
        trajectory = person.family.trajectories.filter(status="active").order_by("-start_date").first()
        assignment = (
            CoordinatorAssignment.objects.filter(trajectory=trajectory, end__isnull=True)
            .select_related("professional__user")
            .first()
        )
        if assignment is None or assignment.professional.user is None:
            continue
        actor = actor_for(assignment.professional.user, organisation_id=assignment.organisation_id)
        try:
            return invitations.invitation_create(
                actor=actor, trajectory=trajectory, person=person, channel="letter"
            )
        except DomainError:
            continue  # no consent for the coordinator's organisation any more: the next family
    return None


class Command(BaseCommand):
    help = "Print the demo accounts with their role, organisation and password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="also the colleagues in the other organisations"
        )

    def handle(self, *args, all=False, **options):
        run = DemoRun.objects.first()
        if run is None:
            self.stdout.write("No demo data in this database yet: python manage.py seed_demo")
            return
        users = {u.username: u for u in User.objects.filter(username__in=[p.username for p in PERSONAS])}
        organisation = {
            m.professional.user.username: m.organisation.name
            for m in Membership.objects.filter(professional__user__username__in=users).select_related(
                "professional__user", "organisation"
            )
        }
        rows = [
            (p.username, p.description, organisation.get(p.username, ""))
            for p in PERSONAS
            if p.username in users and (p.listed or all)
        ]
        width = max(len(r[0]) for r in rows)
        role_width = max(len(r[1]) for r in rows)
        self.stdout.write(f"\nDemo logins ({run}); password for every account: {DEMO_PASSWORD}\n")
        for username, description, org in rows:
            self.stdout.write(f"  {username:<{width}}  {description:<{role_width}}  {org}".rstrip())
        hidden = sum(1 for p in PERSONAS if not p.listed and p.username in users)
        if hidden and not all:
            self.stdout.write(
                f"  ... and {hidden} colleagues in the other organisations: "
                "python manage.py demo_logins --all"
            )
        # The address the server was started on (`make demo PORT=8001` sets WIEG_PUBLIC_URL).
        self.stdout.write(f"\nLog in at {settings.WIEG_PUBLIC_URL}/accounts/login/ (API: /api/v1/docs)\n")
        self._invitation()

    def _invitation(self):
        """A fresh letter invitation for a parent without an account, so that the invitation can be tried."""
        issued = demo_invitation()
        if issued is None:
            return
        invitation = issued.invitation
        self.stdout.write(
            f"\nInvitation for {invitation.person.display_name} ({invitation.person.role}),"
            f" by {invitation.invited_by.display_name}, valid until"
            f" {timezone.localtime(invitation.expires_at):%d/%m/%Y}:\n"
            f"  code {issued.code}\n  {issued.url}\n"
        )
