from django.core.management.base import BaseCommand

from wieg.screening import catalogue


class Command(BaseCommand):
    help = "Load new versions of the questionnaires and suggestion rules from wieg/screening/data."

    def handle(self, *args, **options):
        added = catalogue.load_all()
        self.stdout.write(f"instruments added: {added['instruments']}, rule sets added: {added['rule_sets']}")
