"""Form fields for the directory's own data, shared by the apps that pick a professional."""

from django import forms

from .models import Professional
from .widgets import ProfessionalPicker


class ProfessionalField(forms.ModelChoiceField):
    """A professional chosen by public id from a short, searchable pick-list, shown as "name (discipline)"."""

    widget = ProfessionalPicker

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "public_id")
        super().__init__(queryset=Professional.objects.order_by("family_name", "given_name"), **kwargs)

    def limit_to(self, professionals) -> None:
        """Only these professionals are valid (and listed)."""
        self.queryset = professionals.order_by("family_name", "given_name")

    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.get_discipline_display()})"
