"""Contact details on the trajectory page, and the form that changes them.

The trajectory page shows every member's address, phones (as tel: links), e-mail, language and interpreter
need; a person who is not safe to contact gets the warning beside her phone. Lists never show that phone.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wieg.core.errors import DomainError

from .. import forms, selectors, services
from ..contact import address_lines, language_label, phone_rows
from ..models import Person, PersonRole
from ..policies import access_basis, contact_change_fields
from .common import _call, _get_trajectory_or_404, _page_context, professional_required


def contact_cards(members, *, editable: bool) -> list[dict]:
    """One card per member; children only when something is recorded for them."""
    cards = []
    for person in members:
        phones = phone_rows(person.phones)
        lines = address_lines(person)
        if person.role == PersonRole.CHILD and not (phones or lines or person.email):
            continue
        cards.append(
            {
                "person": person,
                "phones": phones,
                "address": lines,
                "language": language_label(person.preferred_language),
                "interpreter": language_label(person.interpreter_language)
                if person.interpreter_needed
                else "",
                "form": forms.ContactForm(person=person, prefix=f"c{person.pk}") if editable else None,
            }
        )
    return cards


def _member_or_404(trajectory, person_id) -> Person:
    person = (
        selectors.members_of(trajectory)
        .select_related("address_municipality", "family")
        .filter(public_id=person_id)
        .first()
    )
    if person is None:
        raise Http404
    return person


@professional_required
def member_contact(request, trajectory_id, person_id):
    """GET: the form on its own page (also where errors come back); POST: save and return to the file."""
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id, "contact")
    person = _member_or_404(trajectory, person_id)
    if contact_change_fields(actor, person) is None:
        raise Http404
    prefix = f"c{person.pk}"
    status = 200
    if request.method == "POST":
        form = forms.ContactForm(request.POST, person=person, prefix=prefix)
        if form.is_valid():
            data, rows = form.contact_input()
            try:
                with transaction.atomic():
                    _call(
                        services.person_contact_update,
                        actor=actor,
                        person=person,
                        data=data,
                        trajectory=trajectory,
                    )
            except DomainError as exc:
                form.add_service_errors(exc, rows)
            else:
                messages.success(
                    request,
                    _("De contactgegevens van %(name)s zijn bewaard.") % {"name": person.display_name},
                )
                return redirect(reverse("care:trajectory_detail", args=[trajectory.public_id]) + "#contact")
        status = 422
    else:
        form = forms.ContactForm(person=person, prefix=prefix)
    context = _page_context(actor, trajectory, access_basis(actor, trajectory))
    context.update(
        form=form,
        person=person,
        title=_("Contactgegevens van %(name)s") % {"name": person.display_name},
        action_url=reverse("care:member_contact", args=[trajectory.public_id, person.public_id]),
    )
    return render(request, "care/contact_form.html", context, status=status)
