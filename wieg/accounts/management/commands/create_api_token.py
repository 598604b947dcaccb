from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wieg.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API bearer token for a user. The token is printed once, as the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="")

    def handle(self, *args, username, label, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        _, raw = ApiToken.issue(user, label=label)
        self.stdout.write(raw)
