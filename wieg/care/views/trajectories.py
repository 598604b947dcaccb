"""The trajectory page and its small forms: due date, risk level, birth, closing."""

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wieg.core.errors import DomainError
from wieg.core.registry import registry

from .. import audit, forms, selectors, services
from ..models import (
    FamilyLanguage,
    PersonRole,
    Trajectory,
)
from ..policies import access_basis
from ..services.families import MemberInput
from .common import (
    _call,
    _get_trajectory_or_404,
    _page_context,
    professional_required,
)
from .contact import contact_cards


def _aware(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def _timeline(trajectory: Trajectory, coordinators, team, consents) -> list[dict]:
    """What happened on this trajectory, newest first, from the records themselves."""
    events = [{"at": min(trajectory.created_at, _aware(trajectory.start_date)), "text": _("Traject gestart")}]
    for a in coordinators:
        events.append(
            {
                "at": a.start,
                "text": _("%(name)s (%(org)s) wordt zorgcoördinator")
                % {"name": a.professional.display_name, "org": a.organisation.name},
            }
        )
    for m in team:
        if m.role != "coordinator":
            events.append(
                {
                    "at": m.start,
                    "text": _("%(name)s komt in het zorgteam als %(role)s")
                    % {"name": m.professional.display_name, "role": m.get_role_display()},
                }
            )
        if m.end:
            events.append(
                {
                    "at": m.end,
                    "text": _("%(name)s verlaat het zorgteam") % {"name": m.professional.display_name},
                }
            )
    for c in consents:
        events.append(
            {"at": c.given_at, "text": _("Toestemming gegeven voor %(subject)s") % {"subject": c.subject}}
        )
        for a in c.amendments.all():
            events.append(
                {
                    "at": a.at,
                    "text": _("Toestemming voor %(subject)s aangepast: %(change)s")
                    % {"subject": c.subject, "change": a.change_text()},
                }
            )
        if c.withdrawn_at:
            events.append(
                {
                    "at": c.withdrawn_at,
                    "text": _("Toestemming ingetrokken voor %(subject)s") % {"subject": c.subject},
                }
            )
    if trajectory.birth_date:
        events.append({"at": _aware(trajectory.birth_date), "text": _("Geboorte")})
    if trajectory.closed_on:
        events.append(
            {
                "at": _aware(trajectory.closed_on),
                "text": _("Traject afgesloten: %(reason)s")
                % {"reason": trajectory.get_closed_reason_display()},
            }
        )
    return sorted(events, key=lambda e: e["at"], reverse=True)


def _language_label(code: str) -> str:
    try:
        return FamilyLanguage(code).label
    except ValueError:
        return code


def _panels(actor, trajectory):
    panels = []
    for section in registry.sections["trajectory"]:
        if not section.visible(actor):
            continue
        try:
            url = reverse(section.url_name, kwargs={"trajectory_id": trajectory.public_id})
        except NoReverseMatch:
            continue
        panels.append({"key": section.key, "label": section.label, "url": url})
    return panels


@professional_required
@transaction.atomic
def trajectory_detail(request, trajectory_id):
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id)
    basis = access_basis(actor, trajectory)
    audit.record(actor, "read", trajectory, category="contact", break_glass=basis == "break_glass")
    coordinators = list(selectors.coordinator_history(trajectory))
    team = list(selectors.team_of(trajectory, include_ended=True))
    consents = list(selectors.consents_of(trajectory))
    context = _page_context(actor, trajectory, basis)
    members = list(selectors.members_of(trajectory))
    context.update(
        {
            "members": members,
            "contacts": contact_cards(
                members, editable=trajectory.status == "active" and context["may"].contact_change
            ),
            "family_language": _language_label(trajectory.family.preferred_language),
            "coordinator": next((a for a in coordinators if a.end is None), None),
            "team": [m for m in team if m.end is None or m.end > timezone.now()],
            "consents": [c for c in consents if c.is_active],
            "exclusions": selectors.exclusions_of(trajectory),
            "timeline": _timeline(trajectory, coordinators, team, consents),
            "panels": _panels(actor, trajectory),
            "due_date_form": forms.DueDateForm(initial={"due_date": trajectory.due_date}),
            "risk_form": forms.RiskLevelForm(initial={"risk_level": trajectory.risk_level}),
            "close_form": forms.CloseForm(),
            "birth_form": birth_form_for(trajectory),
        }
    )
    return render(request, "care/trajectory_detail.html", context)


def _trajectory_action(request, trajectory_id, form_class, run, *, url_name, title, category="contact"):
    """POST a small form about a trajectory; errors re-render the form, success returns to the page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id, category)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = _call(run, actor=actor, trajectory=trajectory, data=form.cleaned_data)
        except DomainError as exc:
            forms.add_domain_errors(form, exc, getattr(form, "ERROR_FIELDS", {}))
        else:
            messages.success(request, message)
            return redirect("care:trajectory_detail", trajectory.public_id)
    context = _page_context(actor, trajectory, access_basis(actor, trajectory))
    context.update(form=form, title=title, action_url=reverse(url_name, args=[trajectory.public_id]))
    return render(request, "care/trajectory_form.html", context, status=422)


def _change_due_date(*, actor, trajectory, data):
    services.trajectory_update_due_date(actor=actor, trajectory=trajectory, due_date=data["due_date"])
    return _("De uitgerekende datum is aangepast.")


def _set_risk(*, actor, trajectory, data):
    services.trajectory_set_risk_level(actor=actor, trajectory=trajectory, risk_level=data["risk_level"])
    return _("Het risiconiveau is aangepast.")


def _close(*, actor, trajectory, data):
    services.trajectory_close(actor=actor, trajectory=trajectory, reason=data["reason"])
    return _("Het traject is afgesloten.")


@professional_required
def trajectory_due_date(request, trajectory_id):
    return _trajectory_action(
        request,
        trajectory_id,
        forms.DueDateForm,
        _change_due_date,
        url_name="care:trajectory_due_date",
        title=_("Uitgerekende datum wijzigen"),
        category="care_plan",
    )


@professional_required
def trajectory_risk(request, trajectory_id):
    return _trajectory_action(
        request,
        trajectory_id,
        forms.RiskLevelForm,
        _set_risk,
        url_name="care:trajectory_risk",
        title=_("Risiconiveau wijzigen"),
        category="medical",
    )


@professional_required
def trajectory_close(request, trajectory_id):
    return _trajectory_action(
        request,
        trajectory_id,
        forms.CloseForm,
        _close,
        url_name="care:trajectory_close",
        title=_("Traject afsluiten"),
    )


def _children_count(data, default: int) -> int:
    try:
        return max(1, min(int(data.get("plurality", default)), 8))
    except (TypeError, ValueError):
        return default


def birth_form_for(trajectory, data=None) -> forms.BirthForm:
    family_name = trajectory.pregnant_person.family_name
    children = _children_count(data, trajectory.plurality) if data is not None else trajectory.plurality
    if data is not None and "add_child" in data:
        # "Add a child" re-shows the form with one more group of fields; nothing is saved.
        data = data.copy()
        children = min(children + 1, 8)
        data["plurality"] = str(children)
        return forms.BirthForm(
            initial={**data.dict(), "plurality": children}, children=children, family_name=family_name
        )
    return forms.BirthForm(
        data,
        children=children,
        family_name=family_name,
        initial={"plurality": trajectory.plurality},
    )


@professional_required
def trajectory_birth(request, trajectory_id):
    """The birth form on its own page: errors are shown here, "add a child" adds a group in place."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id, "medical")
    form = birth_form_for(trajectory, request.POST)
    status = 200
    if form.is_bound:
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                _call(
                    services.birth_register,
                    actor=actor,
                    trajectory=trajectory,
                    birth_date=data["birth_date"],
                    children=[
                        MemberInput(
                            role=PersonRole.CHILD, **{**c, "national_number": c["national_number"] or None}
                        )
                        for c in form.child_values()
                    ],
                    plurality=data["plurality"] or form.children,
                    gestational_age_weeks=data["gestational_age_weeks"],
                    nicu_admission_date=data["nicu_admission_date"],
                    nicu_discharge_date=data["nicu_discharge_date"],
                )
            except DomainError as exc:
                forms.add_domain_errors(form, exc, form.ERROR_FIELDS)
            else:
                messages.success(request, _("De geboorte is geregistreerd."))
                return redirect("care:trajectory_detail", trajectory.public_id)
    context = _page_context(actor, trajectory, access_basis(actor, trajectory))
    context.update(
        birth_form=form,
        title=_("Geboorte registreren"),
        action_url=reverse("care:trajectory_birth", args=[trajectory.public_id]),
    )
    return render(request, "care/birth_form.html", context, status=status)
