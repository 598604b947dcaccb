"""Forms for the care pages. They only shape input: the services decide, and their domain errors come back
as field errors through `add_domain_errors`."""

import json

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.core.errors import DomainError
from wieg.core.models import Municipality
from wieg.directory.forms import ProfessionalField
from wieg.directory.models import Organisation, Professional

from .consent_needs import EXPLANATIONS, suggested_categories
from .contact import MAX_PHONES, AddressInput, ContactInput, PhoneInput, display_phone
from .models import (
    ROLE_BY_DISCIPLINE,
    Category,
    ClosedReason,
    FamilyLanguage,
    Parity,
    PhoneLabel,
    RecordedVia,
    ReviewOutcome,
    RiskLevel,
    Sex,
    TeamRole,
    usual_team_role,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OwnIds:
    """Several forms share the team and consent pages: each prefixes its ids so no two fields share one."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def add_domain_errors(form: forms.Form, exc: DomainError, mapping: dict[str, str] | None = None) -> None:
    """Put a service's errors (keyed by API field paths such as "members.0.national_number") on the form
    fields they concern; anything that matches no field becomes a form-wide error."""
    mapping = mapping or {}
    errors = exc.errors or {None: [exc.message]}
    for path, messages in errors.items():
        field = mapping.get(path, path)
        if field not in form.fields:
            field = None
        for message in messages:
            form.add_error(field, str(message))


TEAM_ROLES = [(value, label) for value, label in TeamRole.choices if value != TeamRole.COORDINATOR]


class CategoriesField(forms.MultipleChoiceField):
    """The four categories with what each means in plain words."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Categorieën"))
        choices = [(value, f"{label}: {EXPLANATIONS[value]}") for value, label in Category.choices]
        super().__init__(choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs)


class NewFamilyForm(forms.Form):
    """A family, its pregnancy trajectory and the family's consent in one step."""

    # The family
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        to_field_name="nis_code",
        empty_label=_("Kies een gemeente"),
    )
    preferred_language = forms.ChoiceField(
        label=_("Taal van het gezin"), choices=FamilyLanguage.choices, initial="nl"
    )
    interpreter_needed = forms.BooleanField(label=_("Tolk nodig"), required=False)
    # The pregnant parent
    given_name = forms.CharField(label=_("Voornaam"), max_length=100)
    family_name = forms.CharField(label=_("Familienaam"), max_length=100)
    birth_date = forms.DateField(label=_("Geboortedatum"), widget=DateInput())
    national_number = forms.CharField(
        label=_("Rijksregisternummer"),
        max_length=20,
        required=False,
        help_text=_("11 cijfers, of een BIS-nummer. Leeg laten als het gezin er (nog) geen heeft."),
    )
    # An optional co-parent
    co_given_name = forms.CharField(label=_("Voornaam meeouder"), max_length=100, required=False)
    co_family_name = forms.CharField(label=_("Familienaam meeouder"), max_length=100, required=False)
    co_birth_date = forms.DateField(label=_("Geboortedatum meeouder"), required=False, widget=DateInput())
    co_sex = forms.ChoiceField(label=_("Geslacht meeouder"), choices=Sex.choices, initial=Sex.UNKNOWN)
    co_national_number = forms.CharField(
        label=_("Rijksregisternummer meeouder"), max_length=20, required=False
    )
    # The trajectory
    due_date = forms.DateField(label=_("Uitgerekende datum"), widget=DateInput())
    parity = forms.ChoiceField(label=_("Pariteit"), choices=Parity.choices)
    plurality = forms.IntegerField(
        label=_("Aantal kinderen"), min_value=1, max_value=8, initial=1, required=False
    )
    risk_level = forms.ChoiceField(label=_("Risiconiveau"), choices=RiskLevel.choices, initial=RiskLevel.LOW)
    # The consent for my organisation
    consent_categories = CategoriesField(
        label=_("Toestemming voor mijn organisatie"), initial=[Category.CONTACT, Category.CARE_PLAN]
    )
    recorded_via = forms.ChoiceField(
        label=_("Hoe gaf het gezin toestemming?"),
        choices=[c for c in RecordedVia.choices if c[0] != RecordedVia.PARENT_PORTAL],
    )

    # Service field paths -> form fields.
    ERROR_FIELDS = {
        "municipality_nis": "municipality",
        "members": "national_number",
        "members.0.given_name": "given_name",
        "members.0.family_name": "family_name",
        "members.0.birth_date": "birth_date",
        "members.0.national_number": "national_number",
        "members.1.given_name": "co_given_name",
        "members.1.family_name": "co_family_name",
        "members.1.birth_date": "co_birth_date",
        "members.1.national_number": "co_national_number",
        "members.1.sex": "co_sex",
        "consent.categories": "consent_categories",
        "consent.recorded_via": "recorded_via",
        "pregnant_person_id": "national_number",
    }

    def __init__(self, *args, organisation_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.in_scope().valid_on().order_by("name_nl")
        if organisation_kind:
            # What families usually give this kind of organisation (data/consent_suggestions.json).
            self.fields["consent_categories"].initial = suggested_categories(organisation_kind)

    def clean(self):
        data = super().clean()
        co_fields = ("co_given_name", "co_family_name", "co_birth_date", "co_national_number")
        if any(data.get(f) for f in co_fields):
            for name in ("co_given_name", "co_family_name"):
                if not data.get(name):
                    self.add_error(
                        name, _("Vul dit in voor de meeouder, of laat alle velden van de meeouder leeg.")
                    )
        return data

    @property
    def has_co_parent(self) -> bool:
        return bool(self.cleaned_data.get("co_given_name"))


class FindByNumberForm(forms.Form):
    national_number = forms.CharField(label=_("Rijksregisternummer of BIS-nummer"), max_length=20)


class FindByNameForm(forms.Form):
    family_name = forms.CharField(label=_("Familienaam"), max_length=100)
    birth_date = forms.DateField(label=_("Geboortedatum"), widget=DateInput())


class DueDateForm(forms.Form):
    due_date = forms.DateField(label=_("Uitgerekende datum"), widget=DateInput())


class RiskLevelForm(forms.Form):
    risk_level = forms.ChoiceField(label=_("Risiconiveau"), choices=RiskLevel.choices)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reden"), choices=ClosedReason.choices)


class BirthForm(forms.Form):
    """The birth with one group of fields per child: twins are two groups ("add a child" adds one)."""

    CHILD_FIELDS = ("given_name", "family_name", "sex", "national_number")

    birth_date = forms.DateField(label=_("Geboortedatum"), widget=DateInput(), initial=timezone.localdate)
    gestational_age_weeks = forms.IntegerField(
        label=_("Zwangerschapsduur (weken)"), required=False, min_value=20, max_value=45
    )
    plurality = forms.IntegerField(
        label=_("Aantal kinderen"), min_value=1, max_value=8, initial=1, required=False
    )
    nicu_admission_date = forms.DateField(
        label=_("Opgenomen op NICU op"),
        widget=DateInput(),
        required=False,
        help_text=_("Leeg als geen van de kinderen op de NICU opgenomen werd."),
    )
    nicu_discharge_date = forms.DateField(
        label=_("Ontslagen uit NICU op"),
        widget=DateInput(),
        required=False,
        help_text=_("Leeg zolang het kind opgenomen is."),
    )

    def __init__(self, *args, children: int = 1, family_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.children = max(1, min(int(children), 8))
        self.ERROR_FIELDS = {"children": "plurality", "child": "plurality"}
        for number in range(1, self.children + 1):
            prefix = f"child_{number}_"
            self.fields[prefix + "given_name"] = forms.CharField(
                label=_("Voornaam van kind %(n)d") % {"n": number}, max_length=100
            )
            self.fields[prefix + "family_name"] = forms.CharField(
                label=_("Familienaam van kind %(n)d") % {"n": number}, max_length=100, initial=family_name
            )
            self.fields[prefix + "sex"] = forms.ChoiceField(
                label=_("Geslacht van kind %(n)d") % {"n": number}, choices=Sex.choices
            )
            self.fields[prefix + "national_number"] = forms.CharField(
                label=_("Rijksregisternummer van kind %(n)d") % {"n": number}, max_length=20, required=False
            )
            for name in self.CHILD_FIELDS:
                self.ERROR_FIELDS[f"children.{number - 1}.{name}"] = prefix + name
                if number == 1:
                    self.ERROR_FIELDS[f"child.{name}"] = prefix + name

    @property
    def general_fields(self):
        return [self[name] for name in ("birth_date", "gestational_age_weeks", "plurality")]

    @property
    def nicu_fields(self):
        return [self["nicu_admission_date"], self["nicu_discharge_date"]]

    @property
    def child_groups(self):
        return [
            (number, [self[f"child_{number}_{name}"] for name in self.CHILD_FIELDS])
            for number in range(1, self.children + 1)
        ]

    def child_values(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {name: data.get(f"child_{number}_{name}") for name in self.CHILD_FIELDS}
            for number in range(1, self.children + 1)
        ]


class TeamMemberForm(OwnIds, forms.Form):
    id_prefix = "member"

    professional = ProfessionalField(label=_("Zorgverlener"))
    role = forms.ChoiceField(
        label=_("Rol in het zorgteam"),
        choices=[("", _("volgens de discipline")), *TEAM_ROLES],
        required=False,
        widget=forms.Select(attrs={"data-role-by-discipline": ""}),
    )

    ERROR_FIELDS = {"professional_id": "professional"}

    def __init__(self, *args, professionals=None, options_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        if professionals is not None:
            self.fields["professional"].limit_to(professionals, options_url=options_url)
        self.fields["role"].widget.attrs["data-role-by-discipline"] = json.dumps(ROLE_BY_DISCIPLINE)

    def clean(self):
        data = super().clean()
        if not data.get("role") and data.get("professional"):
            data["role"] = usual_team_role(data["professional"].discipline)
        return data


class CoordinatorForm(OwnIds, forms.Form):
    id_prefix = "coordinator"

    professional = ProfessionalField(label=_("Nieuwe zorgcoördinator"))

    ERROR_FIELDS = {"professional_id": "professional"}

    def __init__(self, *args, professionals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if professionals is not None:
            self.fields["professional"].limit_to(professionals)


class ConsentForm(OwnIds, forms.Form):
    """Consent for an organisation or for one professional (exactly one of the two)."""

    id_prefix = "consent"

    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        required=False,
    )
    professional = ProfessionalField(label=_("of één zorgverlener"), required=False)
    categories = CategoriesField()
    recorded_via = forms.ChoiceField(
        label=_("Vastgelegd via"),
        choices=[c for c in RecordedVia.choices if c[0] != RecordedVia.PARENT_PORTAL],
    )
    # The page that needed this consent, to return to once it is recorded.
    next = forms.CharField(required=False, widget=forms.HiddenInput())

    ERROR_FIELDS = {"organisation_id": "organisation", "professional_id": "professional"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True).order_by("name")

    def clean(self):
        data = super().clean()
        if bool(data.get("organisation")) == bool(data.get("professional")):
            self.add_error("organisation", _("Kies een organisatie of één zorgverlener, niet allebei."))
        return data


class TeamConsentForm(forms.Form):
    """Record the missing consent where the team refused a professional, and add them in the same step."""

    professional = forms.ModelChoiceField(
        queryset=Professional.objects.all(), to_field_name="public_id", widget=forms.HiddenInput()
    )
    role = forms.ChoiceField(choices=TEAM_ROLES, widget=forms.HiddenInput())
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(active=True),
        to_field_name="public_id",
        widget=forms.HiddenInput(),
    )
    categories = CategoriesField()
    recorded_via = forms.ChoiceField(
        label=_("Gegeven via"),
        choices=[c for c in RecordedVia.choices if c[0] != RecordedVia.PARENT_PORTAL],
    )

    ERROR_FIELDS = {"organisation_id": "organisation", "professional_id": "professional"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "consent")
        super().__init__(*args, **kwargs)


class ConsentAmendForm(forms.Form):
    """Other categories for the same consent. Leaving out the contact category is the service's to refuse,
    with the reason, so the boxes are not required here."""

    categories = forms.MultipleChoiceField(
        label=_("Categorieën"), choices=Category.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    recorded_via = forms.ChoiceField(
        label=_("Gegeven via"),
        choices=[c for c in RecordedVia.choices if c[0] != RecordedVia.PARENT_PORTAL],
    )

    ERROR_FIELDS: dict[str, str] = {}

    @classmethod
    def for_consent(cls, consent, data=None):
        # One form per consent on the page, each with its own element ids.
        return cls(
            data,
            initial={"categories": consent.categories},
            auto_id=f"id_amend_{consent.public_id.hex[:12]}_%s",
        )


class WithdrawForm(OwnIds, forms.Form):
    id_prefix = "withdraw"

    recorded_via = forms.ChoiceField(
        label=_("Ingetrokken via"),
        choices=[c for c in RecordedVia.choices if c[0] != RecordedVia.PARENT_PORTAL],
    )


class ExclusionForm(OwnIds, forms.Form):
    id_prefix = "exclusion"

    professional = ProfessionalField(label=_("Zorgverlener"))
    recorded_via = forms.ChoiceField(
        label=_("Gevraagd via"), choices=[c for c in RecordedVia.choices if c[0] != RecordedVia.PARENT_PORTAL]
    )

    ERROR_FIELDS = {"professional_id": "professional"}

    def __init__(self, *args, professionals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if professionals is not None:
            self.fields["professional"].limit_to(professionals)


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom hebt u nu toegang nodig?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=settings.WIEG_BREAK_GLASS_MIN_REASON,
        max_length=2000,
        help_text=_("Minstens %(n)d tekens. De reden wordt bewaard en nagekeken.")
        % {"n": settings.WIEG_BREAK_GLASS_MIN_REASON},
    )
    confirm = forms.BooleanField(label=_("Ik begrijp dat deze toegang gelogd, gemeld en nagekeken wordt."))


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Beoordeling"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OrganisationSwitchForm(forms.Form):
    organisation = forms.IntegerField()


# --- contact details -------------------------------------------------------------------------------------


class PhoneRowsMixin:
    """A few rows of (number, kind of number): enough for the numbers a person has, and one empty row."""

    def add_phone_rows(self, rows: int, initial_phones=()):
        for index in range(rows):
            n = index + 1
            self.fields[f"phone_{index}_number"] = forms.CharField(
                label=_("Telefoonnummer %(n)s") % {"n": n},
                required=False,
                widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
                help_text=_("Bijvoorbeeld 0470 12 34 56, of +31 6 12345678 voor een buitenlands nummer.")
                if index == 0
                else "",
            )
            self.fields[f"phone_{index}_label"] = forms.ChoiceField(
                label=_("Soort nummer %(n)s") % {"n": n}, choices=PhoneLabel.choices, required=False
            )
        for index, phone in enumerate(list(initial_phones)[:rows]):
            self.initial.setdefault(f"phone_{index}_number", display_phone(phone["number"]))
            self.initial.setdefault(f"phone_{index}_label", phone.get("label", PhoneLabel.MOBILE))
        self.phone_rows = rows

    def phone_inputs(self) -> list[PhoneInput]:
        """The filled rows, with their row number kept so that an error lands on the right row."""
        phones = []
        for index in range(self.phone_rows):
            number = self.cleaned_data.get(f"phone_{index}_number", "").strip()
            if number:
                label = self.cleaned_data.get(f"phone_{index}_label") or PhoneLabel.MOBILE
                phones.append((index, PhoneInput(number=number, label=label)))
        return phones

    @staticmethod
    def phone_rows_for(phones) -> int:
        return min(MAX_PHONES, max(2, len(phones or []) + 1))

    def add_service_errors(self, exc: DomainError, rows: list[int]) -> None:
        add_domain_errors(self, _map_phone_errors(exc, rows), getattr(self, "ERROR_FIELDS", {}))


def _map_phone_errors(exc: DomainError, rows: list[int]) -> DomainError:
    """The service numbers the phones it was given (phones.0, phones.1); the form shows them on the row
    they were typed in, empty rows skipped."""
    errors = {}
    for path, messages in exc.errors.items():
        parts = path.split(".")
        if parts[0] == "phones" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
            path = f"phone_{rows[int(parts[1])]}_{parts[2]}"
        errors[path] = messages
    return type(exc)(exc.message, errors=errors)


class ContactForm(PhoneRowsMixin, forms.Form):
    """A person's contact details, as the team records them."""

    street = forms.CharField(label=_("Straat"), required=False, max_length=200)
    house_number = forms.CharField(label=_("Huisnummer"), required=False, max_length=10)
    box = forms.CharField(label=_("Bus"), required=False, max_length=10)
    postal_code = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    municipality = forms.CharField(
        label=_("Gemeente"),
        required=False,
        max_length=100,
        help_text=_("Leeg laten als de postcode maar bij één gemeente hoort."),
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )
    preferred_language = forms.ChoiceField(label=_("Voorkeurtaal"), choices=FamilyLanguage.choices)
    interpreter_needed = forms.BooleanField(label=_("Tolk nodig"), required=False)
    interpreter_language = forms.ChoiceField(
        label=_("Taal van de tolk"),
        required=False,
        choices=[("", _("Kies een taal"))] + list(FamilyLanguage.choices),
    )
    not_safe_to_contact = forms.BooleanField(
        label=_("Niet veilig om te contacteren"),
        required=False,
        help_text=_("Bijvoorbeeld bij partnergeweld: niet bellen, geen post sturen."),
    )
    contact_note = forms.CharField(
        label=_("Opmerking bij het contact"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kort: hoe wel, en wat zeker niet. Nooit meer dan nodig."),
    )

    ERROR_FIELDS = {
        "address.street": "street",
        "address.house_number": "house_number",
        "address.box": "box",
        "address.postal_code": "postal_code",
        "address.municipality": "municipality",
        "safe_to_contact": "not_safe_to_contact",
    }
    ADDRESS_FIELDS = ("street", "house_number", "box", "postal_code", "municipality")

    def __init__(self, *args, person=None, prefix=None, **kwargs):
        if person is not None:
            kwargs.setdefault("initial", self.initial_for(person))
        super().__init__(*args, prefix=prefix, **kwargs)
        self.add_phone_rows(
            self.phone_rows_for(person.phones if person else []), person.phones if person else []
        )

    @staticmethod
    def initial_for(person) -> dict:
        municipality = person.address_municipality
        return {
            "street": person.street,
            "house_number": person.house_number,
            "box": person.box,
            "postal_code": person.postal_code,
            "municipality": municipality.name if municipality else "",
            "email": person.email,
            "preferred_language": person.preferred_language,
            "interpreter_needed": person.interpreter_needed,
            "interpreter_language": person.interpreter_language,
            "not_safe_to_contact": not person.safe_to_contact,
            "contact_note": person.contact_note,
        }

    def contact_input(self) -> tuple[ContactInput, list[int]]:
        data = self.cleaned_data
        rows = self.phone_inputs()
        contact = ContactInput(
            address=AddressInput(**{name: data[name] for name in self.ADDRESS_FIELDS}),
            phones=[phone for _index, phone in rows],
            email=data["email"],
            preferred_language=data["preferred_language"],
            interpreter_needed=data["interpreter_needed"],
            interpreter_language=data["interpreter_language"],
            safe_to_contact=not data["not_safe_to_contact"],
            contact_note=data["contact_note"],
        )
        return contact, [index for index, _phone in rows]
