from django.core.management.base import BaseCommand
from django.db import transaction

from wieg.core.models import Municipality, PostalCode, Province
from wieg.core.reference import load_reference_data


class Command(BaseCommand):
    help = "Load or refresh the municipalities, provinces and postal codes of Flanders and Brussels."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_reference_data(Province, Municipality, PostalCode)
        self.stdout.write(
            "Reference data: {provinces} provinces, {municipalities} municipalities "
            "({closed} closed), {postal_codes} postal codes".format(**counts)
        )
