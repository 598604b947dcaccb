"""`python manage.py demo_logins`: the demo accounts, what each one is, and the password."""

from django.core.management.base import BaseCommand

from wieg.accounts.models import User
from wieg.demo.models import DemoRun
from wieg.demo.personas import PERSONAS
from wieg.demo.seeders import DEMO_PASSWORD
from wieg.directory.models import Membership


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
        self.stdout.write("\nLog in at http://127.0.0.1:8000/accounts/login/ (API: /api/v1/docs)\n")
