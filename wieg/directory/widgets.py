"""A professional pick-list that stays short: a search box and a select with the matches only.

The form field keeps the whole queryset, so any professional can be validated; the select shows the
chosen one and the first matches, and the search box asks the server for others as the user types.
Without JavaScript the first matches remain a working select.
"""

from django import forms
from django.core.exceptions import ValidationError

SHOWN = 25


class ProfessionalPicker(forms.Select):
    template_name = "directory/widgets/professional_picker.html"

    def optgroups(self, name, value, attrs=None):
        iterator = self.choices  # the field's ModelChoiceIterator
        queryset = iterator.queryset
        chosen = []
        wanted = [v for v in value if v]
        if wanted:
            try:
                chosen = list(queryset.filter(public_id__in=wanted))
            except (ValueError, ValidationError):
                chosen = []  # not an identifier: the field says so
        first = [p for p in queryset[:SHOWN] if p not in chosen]
        empty = [("", iterator.field.empty_label)] if iterator.field.empty_label is not None else []
        self.choices = empty + [iterator.choice(p) for p in chosen + first]
        return super().optgroups(name, value, attrs)
