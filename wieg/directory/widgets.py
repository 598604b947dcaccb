"""A professional pick-list that stays short: a search box and a select with the matches only.

The form field keeps the whole queryset, so any professional can be validated; the select shows the
chosen one and the first matches, and the search box asks the server for others as the user types.
Without JavaScript the first matches remain a working select.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

SHOWN = 25


def professional_label(professional) -> str:
    organisations = ", ".join(
        m.organisation.name
        for m in professional.memberships.active()
        .filter(organisation__active=True)
        .select_related("organisation")
    )
    kind = professional.get_discipline_display()
    return (
        f"{professional.display_name} ({kind}, {organisations})"
        if organisations
        else (f"{professional.display_name} ({kind})")
    )


class ProfessionalPicker(forms.Select):
    template_name = "directory/widgets/professional_picker.html"
    options_url = None  # where the search box asks for matches; the whole directory by default

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["options_url"] = self.options_url or reverse("directory:professional_options")
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-discipline"] = instance.discipline
        return option

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
