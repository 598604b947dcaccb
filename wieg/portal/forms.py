from django import forms
from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from wieg.care.forms import PhoneRowsMixin
from wieg.care.models import CATEGORIES

from .selectors import PLAIN_CATEGORIES


class ConsentForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Met wie?"), queryset=None, to_field_name="public_id")
    categories = forms.MultipleChoiceField(
        label=_("Wat mogen zij zien?"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(c, PLAIN_CATEGORIES[c]) for c in CATEGORIES],
        error_messages={"required": _("Kies minstens één ding.")},
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ExcludeForm(forms.Form):
    professional = forms.ModelChoiceField(
        label=_("Wie mag ons dossier niet meer zien?"), queryset=None, to_field_name="public_id"
    )

    def __init__(self, *args, professionals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = professionals


class InviteForm(forms.Form):
    """The coordinator invites one parent: by e-mail, by text message, or with a letter to print."""

    person = forms.ModelChoiceField(
        label=_("Wie nodigt u uit?"),
        queryset=None,
        to_field_name="public_id",
        empty_label=None,
    )
    channel = forms.ChoiceField(
        label=_("Hoe?"),
        widget=forms.RadioSelect,
        initial="letter",
    )
    email = forms.CharField(label=_("E-mailadres"), required=False, max_length=254)
    phone = forms.CharField(
        label=_("Gsm-nummer"), required=False, max_length=40, help_text=_("Bijvoorbeeld 0470 12 34 56")
    )
    language = forms.ChoiceField(label=_("Taal van de uitnodiging"), choices=settings.LANGUAGES)

    def __init__(self, *args, people=None, channels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["channel"].choices = channels
        self.fields["email"].widget.attrs.update(type="email", autocomplete="off")
        self.fields["phone"].widget.attrs.update(type="tel", autocomplete="off")


class AccountForm(forms.Form):
    """The invited parent makes her account: a user name and a password, typed twice."""

    username = forms.CharField(
        label=_("Kies een gebruikersnaam"),
        max_length=150,
        help_text=_("Hiermee meldt u zich voortaan aan."),
    )
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 8 tekens, niet te gewoon."),
    )
    password2 = forms.CharField(
        label=_("Typ het wachtwoord nog eens"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autocapitalize="none")

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        validator = UnicodeUsernameValidator()
        try:
            validator(username)
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                _("Gebruik enkel letters, cijfers en de tekens . @ + - _ (geen spaties).")
            ) from exc
        return username

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password1")
            and cleaned.get("password2")
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        return cleaned


class OwnContactForm(PhoneRowsMixin, forms.Form):
    """What a parent corrects herself: her phone numbers and e-mail address."""

    email = forms.CharField(
        label=_("E-mailadres"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )

    def __init__(self, *args, person, **kwargs):
        kwargs.setdefault("initial", {"email": person.email})
        super().__init__(*args, **kwargs)
        self.add_phone_rows(self.phone_rows_for(person.phones), person.phones)
        # The e-mail address after the phones, as on the page.
        self.order_fields([name for name in self.fields if name != "email"] + ["email"])
