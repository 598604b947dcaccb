from django import forms
from django.utils.translation import gettext_lazy as _

from wieg.care.forms import DateInput
from wieg.care.models import Category, Parity, RecordedVia
from wieg.core.models import Municipality
from wieg.directory.models import Organisation

from . import catalogue
from .models import Urgency


class ReferralForm(forms.Form):
    # Choosing another service reloads the form with the organisations that offer it.
    service = forms.ChoiceField(
        label=_("Dienst"),
        widget=forms.Select(
            attrs={
                "hx-get": "",
                "hx-trigger": "change",
                "hx-include": "this",
                "hx-target": "#referral-form",
                "hx-select": "#referral-form",
                "hx-swap": "outerHTML",
            }
        ),
    )
    to_organisation = forms.ModelChoiceField(
        label=_("Naar organisatie"), queryset=Organisation.objects.none(), to_field_name="public_id"
    )
    urgency = forms.ChoiceField(label=_("Dringendheid"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    requested_hours = forms.IntegerField(
        label=_("Gevraagde uren kraamzorg"), required=False, min_value=1, max_value=120
    )
    start = forms.DateField(
        label=_("Gewenste start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, service: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = catalogue.service_choices()
        kinds = sorted({k for s in catalogue.services().values() for k in s["organisation_kinds"]})
        if service and catalogue.service(service):
            kinds = catalogue.service(service)["organisation_kinds"]
        self.fields["to_organisation"].queryset = Organisation.objects.filter(
            active=True, kind__in=kinds
        ).order_by("name")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=4000, required=False)


class IntakeForm(forms.Form):
    """A pregnant woman not yet known to Wieg: registered and referred to a Kind en Gezin team at once."""

    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        to_field_name="nis_code",
        empty_label=_("Kies een gemeente"),
    )
    given_name = forms.CharField(label=_("Voornaam"), max_length=100)
    family_name = forms.CharField(label=_("Familienaam"), max_length=100)
    birth_date = forms.DateField(label=_("Geboortedatum"), widget=DateInput())
    national_number = forms.CharField(
        label=_("Rijksregisternummer"),
        max_length=20,
        required=False,
        help_text=_("11 cijfers, of een BIS-nummer. Leeg laten als het gezin er (nog) geen heeft."),
    )
    due_date = forms.DateField(label=_("Uitgerekende datum"), widget=DateInput())
    parity = forms.ChoiceField(label=_("Pariteit"), choices=Parity.choices)
    consent_categories = forms.MultipleChoiceField(
        label=_("Toestemming voor mijn organisatie"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Category.CONTACT, Category.CARE_PLAN],
    )
    to_organisation = forms.ModelChoiceField(
        label=_("Kind en Gezin-team"), queryset=Organisation.objects.none(), to_field_name="public_id"
    )
    receiver_categories = forms.MultipleChoiceField(
        label=_("Toestemming voor het Kind en Gezin-team"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Category.CONTACT, Category.CARE_PLAN],
        required=False,
        help_text=_(
            "Het team kan de zorgcoördinatie opnemen met toestemming voor contactgegevens en zorgplan."
        ),
    )
    recorded_via = forms.ChoiceField(
        label=_("Hoe gaf het gezin toestemming?"),
        choices=[c for c in RecordedVia.choices if c[0] != RecordedVia.PARENT_PORTAL],
    )
    urgency = forms.ChoiceField(label=_("Dringendheid"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    ERROR_FIELDS = {
        "municipality_nis": "municipality",
        "members": "national_number",
        "members.0.given_name": "given_name",
        "members.0.family_name": "family_name",
        "members.0.birth_date": "birth_date",
        "members.0.national_number": "national_number",
        "consent.categories": "consent_categories",
        "consent.recorded_via": "recorded_via",
        "recorded_via": "recorded_via",
        "categories": "receiver_categories",
        "pregnant_person_id": "national_number",
        "to_organisation_id": "to_organisation",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.in_scope().valid_on().order_by("name_nl")
        self.fields["to_organisation"].queryset = Organisation.objects.filter(
            active=True, kind__in=catalogue.service(catalogue.COORDINATION)["organisation_kinds"]
        ).order_by("name")
