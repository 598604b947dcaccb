"""Load item wording whose terms ask for more than a citation (a licensed translation) from a file the
operator holds a licence for. It replaces the shipped wording item by item on forms and in the API (never
in FHIR).

The file is JSON: {"instrument": "epds", "language": "nl", "items": {"laugh": {"text": "...",
"options": ["...", "...", "...", "..."]}, ...}}. Item keys are those of the instrument's data file.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wieg.screening import catalogue
from wieg.screening.models import LicensedText


class Command(BaseCommand):
    help = "Load licensed questionnaire texts from a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path")

    @transaction.atomic
    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        code, language = data.get("instrument"), data.get("language")
        if code not in catalogue.INSTRUMENT_CODES or language not in {"nl", "fr", "en"}:
            raise CommandError("Give 'instrument' (psychosocial|epds|whooley) and 'language' (nl|fr|en).")
        definition = catalogue.instrument(code).definition
        by_key = {item["key"]: item for item in definition["items"]}
        loaded = 0
        for key, entry in (data.get("items") or {}).items():
            if key not in by_key:
                raise CommandError(f"Unknown item {key!r} for {code}.")
            options = entry.get("options") or []
            if options and len(options) != len(by_key[key]["options"]):
                raise CommandError(f"Item {key!r} needs {len(by_key[key]['options'])} option texts.")
            if any(catalogue.is_placeholder(text) for text in [entry.get("text"), *options]):
                raise CommandError(f"Item {key!r} has an empty or stand-in text.")
            LicensedText.objects.update_or_create(
                instrument_code=code,
                item_key=key,
                language=language,
                defaults={"text": entry["text"], "options": options},
            )
            loaded += 1
        self.stdout.write(f"{loaded} item texts loaded for {code} ({language}).")
