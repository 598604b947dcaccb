"""Everything Wieg holds on one person (GDPR art. 15), as JSON and as a readable page in their language."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wieg.care.export import person_export
from wieg.care.identifiers import clean_national_number
from wieg.care.models import Person
from wieg.core.errors import DomainError


class Command(BaseCommand):
    help = "Export everything Wieg holds on one person as JSON and HTML (a request under GDPR article 15)."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--person", help="the person's id (UUID, as on the trajectory page or in the API)")
        who.add_argument("--national-number", help="the person's INSZ or BIS number")
        parser.add_argument("--output", default=".", help="folder for the two files (default: here)")
        parser.add_argument("--language", choices=("nl", "fr", "en"), help="default: the person's language")

    def handle(self, *args, person=None, national_number=None, output=".", language=None, **options):
        people = Person.objects.select_related("family", "user")
        try:
            if national_number:
                subject = people.get(national_number=clean_national_number(national_number))
            else:
                subject = people.get(public_id=person)
        except (Person.DoesNotExist, ValueError, ValidationError, DomainError) as exc:
            # The number is not repeated: it must not end up in a terminal log either.
            raise CommandError("No such person in Wieg.") from exc
        data, html = person_export(person=subject, language=language)
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"wieg-person-{subject.public_id}"
        (folder / f"{stem}.json").write_text(data, encoding="utf-8")
        (folder / f"{stem}.html").write_text(html, encoding="utf-8")
        self.stdout.write(str(folder / f"{stem}.json"))
        self.stdout.write(str(folder / f"{stem}.html"))
