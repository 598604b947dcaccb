from django.core.management.base import BaseCommand

from wieg.pathways.loader import load
from wieg.pathways.models import PathwayTemplate, TemplateItem


class Command(BaseCommand):
    help = "Load the pathway data files (wieg/pathways/data/pathways/*.json) into the database."

    def handle(self, *args, **options):
        for template in load(PathwayTemplate, TemplateItem):
            self.stdout.write(f"{template.code} {template.version}: {template.items.count()} items")
