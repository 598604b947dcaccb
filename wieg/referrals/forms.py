from django import forms
from django.utils.translation import gettext_lazy as _

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
