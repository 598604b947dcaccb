from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wieg.care.models import FamilyLanguage
from wieg.core.models import Municipality
from wieg.directory.models import Organisation

from .models import ActionStatus, Activity, Involvement, LifeDomain, TargetGroup
from .selectors import ActivityFilters


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _municipality_choices():
    """In the reader's language order: Brussels and the language border have French names."""
    order = "name_fr" if (get_language() or "nl")[:2] == "fr" else "name_nl"
    return Municipality.objects.in_scope().valid_on().order_by(order)


class ActivityFilterForm(forms.Form):
    """The public finder. Every field optional; bad input is a field error, never a 500."""

    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        required=False,
        to_field_name="nis_code",
        empty_label=_("Alle gemeenten"),
    )
    postal_code = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{4}$",
        required=False,
        max_length=4,
        error_messages={"invalid": _("Een postcode heeft 4 cijfers.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    target_group = forms.ChoiceField(
        label=_("Voor wie"), required=False, choices=[("", _("Iedereen"))] + list(TargetGroup.choices)
    )
    language = forms.ChoiceField(
        label=_("Taal"), required=False, choices=[("", _("Alle talen"))] + list(FamilyLanguage.choices)
    )
    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _municipality_choices()

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("Deze datum ligt voor de begindatum."))
        return data

    def filters(self) -> ActivityFilters:
        data = self.cleaned_data if self.is_valid() else {}
        municipality = data.get("municipality")
        return ActivityFilters(
            municipality=municipality.nis_code if municipality else "",
            postal_code=data.get("postal_code") or "",
            target_group=data.get("target_group") or "",
            language=data.get("language") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class ActivityForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Talen"), choices=FamilyLanguage.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "title_fr",
            "title_en",
            "kind",
            "target_group",
            "life_domain",
            "description",
            "description_fr",
            "description_en",
            "cost",
            "price",
            "place_name",
            "address",
            "postal_code",
            "municipality",
            "capacity",
            "registration_required",
            "organiser",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _municipality_choices()
        self.fields["life_domain"].queryset = LifeDomain.objects.all()
        self.fields["organiser"].queryset = Organisation.objects.filter(active=True)
        if self.instance.pk:
            self.initial["languages"] = list(self.instance.languages.values_list("language", flat=True))

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("languages", None)
        return data


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DateInput())
    start = forms.TimeField(label=_("Van"), widget=TimeInput())
    end = forms.TimeField(label=_("Tot"), widget=TimeInput())
    weekly_repeats = forms.IntegerField(
        label=_("Elke week herhalen, aantal keer"), min_value=0, max_value=52, initial=0, required=False
    )


class RegisterForm(forms.Form):
    seats = forms.IntegerField(label=_("Met hoeveel personen komt u?"), min_value=1, max_value=10, initial=1)


class TrajectoryRegisterForm(RegisterForm):
    seats = forms.IntegerField(label=_("Aantal personen"), min_value=1, max_value=10, initial=1)
    activity = forms.ModelChoiceField(
        label=_("Activiteit"), queryset=Activity.objects.none(), to_field_name="public_id"
    )

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if activities is not None:
            self.fields["activity"].queryset = activities


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Datum en uur"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea, required=False)
    work_group = forms.ModelChoiceField(
        label=_("Werkgroep"), queryset=None, required=False, empty_label=_("Het hele netwerk")
    )

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_group"].queryset = network.work_groups.all() if network else None


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Verslag"), widget=forms.Textarea, required=False)
    attended = forms.MultipleChoiceField(
        label=_("Aanwezig"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        invitations = list(meeting.invitations.all()) if meeting else []
        self.fields["attended"].choices = [
            (str(i.partner_id), i.partner.organisation.name) for i in invitations
        ]
        if meeting is not None and not self.is_bound:
            self.initial = {
                "minutes": meeting.minutes,
                "attended": [str(i.partner_id) for i in invitations if i.attended],
            }


class CaseDiscussionForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Schuilnaam"),
        max_length=40,
        help_text=_("Nooit een naam, geboortedatum of rijksregisternummer."),
    )
    question = forms.CharField(label=_("Vraag"), widget=forms.Textarea, max_length=2000)
    outcome = forms.CharField(label=_("Afspraken"), widget=forms.Textarea, required=False, max_length=2000)


class PartnershipForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner"), queryset=Organisation.objects.filter(active=True)
    )
    involvement = forms.ChoiceField(label=_("Betrokkenheid"), choices=Involvement.choices)


class DomainActionForm(forms.Form):
    life_domain = forms.ModelChoiceField(label=_("Levensdomein"), queryset=LifeDomain.objects.all())
    title = forms.CharField(label=_("Actie"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
