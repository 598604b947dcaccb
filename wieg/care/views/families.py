"""Home, the active organisation, my caseload, finding a family and creating one with its trajectory."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.core.errors import DomainError
from wieg.core.registry import registry
from wieg.directory.middleware import ACTIVE_ORGANISATION_SESSION_KEY
from wieg.directory.models import Organisation, OrganisationKind

from .. import audit, forms, selectors, services
from ..consent_needs import suggestions_by_kind
from ..contact import list_contact
from ..models import (
    Category,
    Person,
    PersonRole,
    Phase,
    Sex,
    Trajectory,
)
from ..services.families import MemberInput
from .common import (
    _call,
    professional_required,
)

CASELOAD_PAGE_SIZE = 50
# Close to day 1000 the coordinator is reminded to close the trajectory.
CLOSE_REMINDER_DAYS = 30


@login_required
def home(request):
    actor = request.actor
    for url_name in registry.home_urls.get(actor.kind, []):
        try:
            return redirect(reverse(url_name))
        except NoReverseMatch:
            continue
    if actor.kind == "professional":
        return redirect("care:caseload")
    if actor.kind == "admin" or request.user.is_staff:
        return redirect("admin:index")
    return render(request, "care/no_care_data.html")


@require_POST
@login_required
def switch_organisation(request):
    """A professional working for several organisations acts for one at a time."""
    actor = request.actor
    form = forms.OrganisationSwitchForm(request.POST)
    if not actor.is_professional or not form.is_valid():
        raise Http404
    organisation_id = form.cleaned_data["organisation"]
    if organisation_id not in actor.organisation_ids:
        raise Http404
    request.session[ACTIVE_ORGANISATION_SESSION_KEY] = organisation_id
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("care:home")
    return redirect(target)


# --- Caseload and finding a family ---------------------------------------------------------------


def _next_step(trajectory: Trajectory, today: dt.date) -> str:
    """A default next step when no other app annotates one; computed from the row, no extra query."""
    if trajectory.birth_date is None and trajectory.due_date <= today:
        return _("Geboorte registreren")
    if (trajectory.end_date - today).days <= CLOSE_REMINDER_DAYS:
        return _("Traject afsluiten (dag 1000)")
    return ""


@professional_required
def caseload(request):
    actor = request.actor
    role = request.GET.get("role") if request.GET.get("role") in {"coordinator", "member"} else None
    status = "closed" if request.GET.get("status") == "closed" else "active"
    qs = selectors.caseload(actor, role=role, status=status)
    page = Paginator(qs, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    today = timezone.localdate()
    for t in rows:
        t.step = getattr(t, "next_step", None) or _next_step(t, today)
        p = t.pregnant_person
        t.reach = list_contact(
            p.phones, p.safe_to_contact, p.preferred_language, p.interpreter_needed, p.interpreter_language
        )
        t.week = t.gestational_week_on(today) if t.birth_date is None else None
    with transaction.atomic():
        audit.record_many(actor, "list", rows, detail="caseload")
    return render(
        request,
        "care/caseload.html",
        {
            "page": page,
            "rows": rows,
            "role": role,
            "status": status,
            "today": today,
            "prenatal": Phase.PRENATAL,
        },
    )


@professional_required
def find_family(request):
    """By national number (only who coordinates and whether I have access) or by name and birth date.

    Searches are POSTed so that a national number never lands in a URL or a server log."""
    actor = request.actor
    number_form = forms.FindByNumberForm(prefix="nn")
    name_form = forms.FindByNameForm(prefix="name")
    context = {}
    if request.method == "POST":
        if request.POST.get("search") == "name":
            name_form = forms.FindByNameForm(request.POST, prefix="name")
            if name_form.is_valid():
                with transaction.atomic():
                    visible, hidden, hidden_families = selectors.find_by_name(actor, **name_form.cleaned_data)
                    audit.record_many(actor, "search", visible, detail="search by name and birth date")
                    for family in hidden_families:
                        audit.record(
                            actor,
                            "search",
                            family,
                            category="contact",
                            break_glass=False,
                            detail="search by name and birth date: coordinating organisation shown",
                        )
                context["name_results"] = {"visible": visible, "hidden": hidden}
        else:
            number_form = forms.FindByNumberForm(request.POST, prefix="nn")
            if number_form.is_valid():
                try:
                    result = _call(
                        services.family_lookup,
                        actor=actor,
                        national_number=number_form.cleaned_data["national_number"],
                    )
                except DomainError as exc:
                    forms.add_domain_errors(number_form, exc)
                else:
                    context["lookup"] = result
                    context["may_break_glass"] = result.may_break_glass
    context.update(number_form=number_form, name_form=name_form)
    return render(request, "care/find_family.html", context)


@professional_required
def family_new(request):
    """A family, its trajectory and the consent for my organisation in one step and one transaction."""
    actor = request.actor
    organisation = Organisation.objects.filter(pk=actor.organisation_id).first()
    form = forms.NewFamilyForm(
        request.POST if request.method == "POST" else None,
        organisation_kind=organisation.kind if organisation else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        members = [
            MemberInput(
                role=PersonRole.PREGNANT_PARENT,
                given_name=data["given_name"],
                family_name=data["family_name"],
                birth_date=data["birth_date"],
                sex=Sex.FEMALE,
                national_number=data["national_number"] or None,
            )
        ]
        if form.has_co_parent:
            members.append(
                MemberInput(
                    role=PersonRole.CO_PARENT,
                    given_name=data["co_given_name"],
                    family_name=data["co_family_name"],
                    birth_date=data["co_birth_date"],
                    sex=data["co_sex"],
                    national_number=data["co_national_number"] or None,
                )
            )
        try:
            with transaction.atomic():
                family = _call(
                    services.family_create,
                    actor=actor,
                    municipality_nis=data["municipality"].nis_code,
                    preferred_language=data["preferred_language"],
                    interpreter_needed=data["interpreter_needed"],
                    members=members,
                )
                pregnant = Person.objects.get(family=family, role=PersonRole.PREGNANT_PARENT)
                trajectory = _call(
                    services.trajectory_create,
                    actor=actor,
                    family=family,
                    pregnant_person=pregnant,
                    due_date=data["due_date"],
                    parity=data["parity"],
                    plurality=data["plurality"],
                    risk_level=data["risk_level"],
                    consent_categories=data["consent_categories"],
                    recorded_via=data["recorded_via"],
                )
        except DomainError as exc:
            forms.add_domain_errors(form, exc, form.ERROR_FIELDS)
        else:
            messages.success(request, _("Het gezin en zijn traject zijn aangemaakt."))
            return redirect("care:trajectory_detail", trajectory.public_id)
    context = {"form": form, "suggestions": consent_suggestions(), "organisation": organisation}
    return render(request, "care/family_new.html", context, status=422 if form.errors else 200)


def consent_suggestions() -> list[dict]:
    """Per kind of organisation, the categories families usually give it (for the new-family form)."""
    labels = dict(OrganisationKind.choices)
    return [
        {"kind": labels.get(kind, kind), "categories": [Category(c).label for c in categories]}
        for kind, categories in suggestions_by_kind().items()
    ]
