from django import forms
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
