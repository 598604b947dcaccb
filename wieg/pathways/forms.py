from django import forms
from django.utils.translation import gettext_lazy as _

from wieg.care.models import Category

from .models import ContactKind, ItemKind, Phase

NOTE_FIELDS = {c: f"note_{c}" for c in Category.values}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ContactForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Soort contact"), choices=ContactKind.choices)
    location = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    checklist = forms.MultipleChoiceField(
        label=_("Checklist"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, note_categories=(), checklist=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].choices = [(c["code"], c["label"]) for c in checklist]
        if not checklist:
            del self.fields["checklist"]
        for category in Category.values:
            if category in note_categories:
                self.fields[NOTE_FIELDS[category]] = forms.CharField(
                    label=_("Nota: %(c)s") % {"c": Category(category).label},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    max_length=20_000,
                )

    def notes(self) -> dict:
        return {c: self.cleaned_data.get(f, "") for c, f in NOTE_FIELDS.items() if f in self.cleaned_data}


class ItemAddForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), choices=ItemKind.choices, initial=ItemKind.ACTION)
    window_start = forms.DateField(label=_("Vanaf"), widget=DateInput)
    window_end = forms.DateField(label=_("Tot en met"), widget=DateInput)
    owner = forms.ChoiceField(label=_("Eigenaar"), required=False)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—")] + [(str(p.public_id), p.display_name) for p in owners]


class ItemMoveForm(forms.Form):
    window_start = forms.DateField(label=_("Vanaf"), widget=DateInput)
    window_end = forms.DateField(label=_("Tot en met"), widget=DateInput)


class ItemCancelForm(forms.Form):
    cancelled_reason = forms.CharField(label=_("Reden"), max_length=300)


class AcknowledgeForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=300)


# One click acknowledges a missed item with one of these reasons; any other reason can be typed.
ACKNOWLEDGE_REASONS = (
    _("Elders gedaan"),
    _("Het gezin wenste het niet"),
    _("Niet meer zinvol: het moment is voorbij"),
)


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=100)
    shared = forms.BooleanField(label=_("Delen met mijn organisatie"), required=False)


class WorklistFilterForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Voor"), choices=[("me", _("mij")), ("organisation", _("mijn organisatie"))], required=False
    )
    weeks = forms.IntegerField(
        label=_("Geen contact sinds (weken)"), min_value=1, max_value=52, required=False
    )
    phase = forms.ChoiceField(
        label=_("Fase"), choices=[("", _("alle"))] + list(Phase.choices), required=False
    )
    kind = forms.ChoiceField(
        label=_("Soort"), choices=[("", _("alle"))] + list(ItemKind.choices), required=False
    )
