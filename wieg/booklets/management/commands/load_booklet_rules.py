from django.core.management.base import BaseCommand

from wieg.booklets.rules import load_rule_files


class Command(BaseCommand):
    help = "Load the booklet rules files (wieg/booklets/data/rules-*.json) into the database."

    def handle(self, *args, **options):
        count = load_rule_files()
        self.stdout.write(f"{count} booklet rules file(s) loaded.")
