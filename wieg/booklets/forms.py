from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Booklet, ReplacementReason, Step

YES_NO = [("no", _("Nee, ze hebben er nog geen")), ("yes", _("Ja, ze hebben er al een"))]


def _edition_choices(rules, booklet=Booklet.CHILD):
    return [(e, e) for e in rules.editions(booklet)]


class HandOutForm(forms.Form):
    """Ask first: do the parents already have a child booklet? Only then hand one out."""

    already_has = forms.ChoiceField(
        label=_("Hebben de ouders al een Kindboekje?"), choices=YES_NO, widget=forms.RadioSelect
    )
    received_from = forms.CharField(
        label=_("Van wie kregen ze het (indien gekend)?"), required=False, max_length=200
    )
    booklet = forms.ChoiceField(label=_("Boekje"), choices=Booklet.choices, initial=Booklet.CHILD)
    step = forms.ChoiceField(label=_("Stap"), choices=[("", "—"), *Step.choices], required=False)
    edition = forms.ChoiceField(label=_("Editie"), required=False)
    handed_out_on = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    child_number = forms.IntegerField(label=_("Kind"), min_value=1, max_value=8, initial=1)

    def __init__(self, *args, rules, trajectory, turn_step=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = _edition_choices(rules)
        self.fields["edition"].initial = rules.current_edition(Booklet.CHILD)
        self.fields["handed_out_on"].initial = timezone.localdate()
        self.fields["step"].initial = turn_step or ""
        if trajectory.plurality == 1:
            self.fields["child_number"].widget = forms.HiddenInput()


class ReplacementForm(forms.Form):
    replacement_reason = forms.ChoiceField(label=_("Reden van vervanging"), choices=ReplacementReason.choices)
    replacement_note = forms.CharField(label=_("Toelichting"), required=False, max_length=200)
    edition = forms.ChoiceField(label=_("Editie"))
    handed_out_on = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    child_number = forms.IntegerField(label=_("Kind"), min_value=1, max_value=8, initial=1)

    def __init__(self, *args, rules, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = _edition_choices(rules)
        self.fields["edition"].initial = rules.current_edition(Booklet.CHILD)
        self.fields["handed_out_on"].initial = timezone.localdate()
        if trajectory.plurality == 1:
            self.fields["child_number"].widget = forms.HiddenInput()


class MidwifeOrderForm(forms.Form):
    booklet = forms.ChoiceField(label=_("Boekje"), choices=Booklet.choices, initial=Booklet.CHILD)
    quantity = forms.IntegerField(label=_("Aantal"), min_value=1)
    practice_name = forms.CharField(label=_("Naam van de praktijk"), max_length=200)
    declares_independent_midwife = forms.BooleanField(
        label=_("Ik ben zelfstandig vroedvrouw"), required=False
    )
    include_follow_up = forms.BooleanField(
        label=_("Ook het boekje Opvolging zwangerschap en geboorte (bij het Zwangerschapsboekje)"),
        required=False,
        initial=True,
    )
    remarks = forms.CharField(
        label=_("Opmerkingen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ParentOrderForm(forms.Form):
    remarks = forms.CharField(
        label=_("Opmerkingen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reden van weigering"), widget=forms.Textarea(attrs={"rows": 2}))


class StockForm(forms.Form):
    booklet = forms.ChoiceField(label=_("Boekje"), choices=Booklet.choices)
    edition = forms.CharField(label=_("Editie"), max_length=20)
    quantity = forms.IntegerField(label=_("Aantal"), min_value=1)


def add_errors(form, exc) -> None:
    """Put a domain error's field messages on the form (unknown fields become form-wide errors)."""
    if not exc.errors:
        form.add_error(None, str(exc.message))
        return
    for field, messages in exc.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, str(message))
