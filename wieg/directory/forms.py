"""Form fields for the directory's own data, shared by the apps that pick a professional."""

from django import forms

from .models import Professional
from .widgets import ProfessionalPicker, professional_label


class ProfessionalField(forms.ModelChoiceField):
    """A professional chosen by public id from a short, searchable pick-list, shown as
    "name (discipline, organisation)": two people of the same name are told apart by where they work."""

    widget = ProfessionalPicker

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "public_id")
        super().__init__(queryset=Professional.objects.order_by("family_name", "given_name"), **kwargs)

    def limit_to(self, professionals, *, options_url: str | None = None) -> None:
        """Only these professionals are valid (and listed); `options_url` searches within the same set."""
        self.queryset = professionals.order_by("family_name", "given_name")
        if options_url:
            self.widget.options_url = options_url

    def label_from_instance(self, obj) -> str:
        return professional_label(obj)
