"""Thin views: they ask selectors and services, the policy decides, the access log records.

Every page about a family answers 404 to whoever may not see it, whether it exists or not. Writes go through
the services (one transaction each); their domain errors come back as form errors, never as a 500.
"""

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.core.errors import DomainError, NotFound
from wieg.core.registry import registry
from wieg.directory.middleware import ACTIVE_ORGANISATION_SESSION_KEY
from wieg.directory.models import Membership, Professional

from . import audit, forms, selectors, services
from .models import (
    CareTeamMember,
    Consent,
    Exclusion,
    Person,
    PersonRole,
    Phase,
    Sex,
    Trajectory,
)
from .policies import access_basis, can, can_break_glass, visible_categories
from .services.families import MemberInput, coordinating_organisation

CASELOAD_PAGE_SIZE = 50
ACCESS_LOG_PAGE_SIZE = 100
# Close to day 1000 the coordinator is reminded to close the trajectory.
CLOSE_REMINDER_DAYS = 30


def professional_required(view):
    """Professional pages: anyone else (parent, analyst, administrator) gets the same 404 as a stranger."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.actor.is_professional:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _get_trajectory_or_404(actor, trajectory_id, category="contact") -> Trajectory:
    try:
        return selectors.trajectory_get(actor, trajectory_id, category)
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc


def _call(service, **kwargs):
    """Run a service; a refusal by the policy is a 404 like a missing record."""
    try:
        return service(**kwargs)
    except NotFound as exc:
        raise Http404 from exc


def _is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


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
                    visible, hidden = selectors.find_by_name(actor, **name_form.cleaned_data)
                    audit.record_many(actor, "search", visible, detail="search by name and birth date")
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
                    context["may_break_glass"] = bool(
                        result.found
                        and not result.has_access
                        and result.trajectory
                        and can_break_glass(actor, result.trajectory)
                    )
    context.update(number_form=number_form, name_form=name_form)
    return render(request, "care/find_family.html", context)


@professional_required
def family_new(request):
    """A family, its trajectory and the consent for my organisation in one step and one transaction."""
    actor = request.actor
    form = forms.NewFamilyForm(request.POST if request.method == "POST" else None)
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
    return render(request, "care/family_new.html", {"form": form}, status=422 if form.errors else 200)


# --- The trajectory page ----------------------------------------------------------------------------


def _aware(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def _timeline(trajectory: Trajectory, coordinators, team, consents) -> list[dict]:
    """What happened on this trajectory, newest first, from the records themselves."""
    events = [{"at": _aware(trajectory.start_date), "text": _("Traject gestart")}]
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


def _permissions(actor, trajectory) -> dict:
    manage = can(actor, "trajectory.manage", trajectory)
    return {
        "manage": manage,
        "care_plan_change": can(actor, "care_plan.change", trajectory),
        "medical_change": can(actor, "medical.change", trajectory),
        "consent_manage": can(actor, "consent.manage", trajectory),
        "access_log": manage,
    }


def _page_context(actor, trajectory, basis) -> dict:
    return {
        "trajectory": trajectory,
        "basis": basis,
        "break_glass": selectors.active_break_glass(actor, trajectory) if basis == "break_glass" else None,
        "may": _permissions(actor, trajectory),
        "today": timezone.localdate(),
    }


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
    context.update(
        {
            "categories": visible_categories(actor, trajectory),
            "members": selectors.members_of(trajectory),
            "coordinator": next((a for a in coordinators if a.end is None), None),
            "team": [m for m in team if m.end is None or m.end > timezone.now()],
            "consents": [c for c in consents if c.is_active],
            "exclusions": selectors.exclusions_of(trajectory),
            "timeline": _timeline(trajectory, coordinators, team, consents),
            "panels": _panels(actor, trajectory),
            "due_date_form": forms.DueDateForm(initial={"due_date": trajectory.due_date}),
            "risk_form": forms.RiskLevelForm(initial={"risk_level": trajectory.risk_level}),
            "close_form": forms.CloseForm(),
            "birth_form": forms.BirthForm(initial={"family_name": trajectory.pregnant_person.family_name}),
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


def _birth(*, actor, trajectory, data):
    child = MemberInput(
        role=PersonRole.CHILD,
        given_name=data["given_name"],
        family_name=data["family_name"],
        sex=data["sex"],
        national_number=data["national_number"] or None,
    )
    services.birth_register(
        actor=actor,
        trajectory=trajectory,
        birth_date=data["birth_date"],
        child=child,
        gestational_age_weeks=data["gestational_age_weeks"],
        nicu_admission=data["nicu_admission"],
    )
    return _("De geboorte is geregistreerd.")


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


@professional_required
def trajectory_birth(request, trajectory_id):
    return _trajectory_action(
        request,
        trajectory_id,
        forms.BirthForm,
        _birth,
        url_name="care:trajectory_birth",
        title=_("Geboorte registreren"),
        category="medical",
    )


# --- Team and coordinator -------------------------------------------------------------------------


def _candidates(trajectory, *, exclude_team: bool):
    """Professionals with an active membership; the service checks consent and explains a refusal."""
    qs = Professional.objects.filter(
        pk__in=Membership.objects.active().filter(organisation__active=True).values("professional")
    )
    if exclude_team:
        qs = qs.exclude(
            pk__in=CareTeamMember.objects.active().filter(trajectory=trajectory).values("professional")
        )
    return qs


def _team_context(actor, trajectory, basis, *, member_form=None, coordinator_form=None) -> dict:
    context = _page_context(actor, trajectory, basis)
    context.update(
        {
            "coordinator": selectors.coordinator_of(trajectory),
            "team": selectors.team_of(trajectory),
            "history": selectors.coordinator_history(trajectory),
            "member_form": member_form
            or forms.TeamMemberForm(professionals=_candidates(trajectory, exclude_team=True)),
            "coordinator_form": coordinator_form
            or forms.CoordinatorForm(professionals=_candidates(trajectory, exclude_team=False)),
        }
    )
    return context


def _team_response(request, context, status=200):
    # htmx swaps only 2xx answers: a form with errors comes back as 200 to htmx, 422 to a plain browser.
    status = 200 if _is_htmx(request) else status
    template = "care/partials/team_panel.html" if _is_htmx(request) else "care/team.html"
    return render(request, template, context, status=status)


@professional_required
def team(request, trajectory_id):
    actor = request.actor
    with transaction.atomic():
        trajectory = _get_trajectory_or_404(actor, trajectory_id)
        basis = access_basis(actor, trajectory)
        if request.method != "POST":
            audit.record(
                actor,
                "read",
                trajectory,
                category="contact",
                detail="care team",
                break_glass=basis == "break_glass",
            )
            return _team_response(request, _team_context(actor, trajectory, basis))
    form = forms.TeamMemberForm(request.POST, professionals=_candidates(trajectory, exclude_team=True))
    if form.is_valid():
        try:
            _call(
                services.team_member_add,
                actor=actor,
                trajectory=trajectory,
                professional=form.cleaned_data["professional"],
                role=form.cleaned_data["role"],
            )
        except DomainError as exc:
            forms.add_domain_errors(form, exc, form.ERROR_FIELDS)
        else:
            messages.success(request, _("De zorgverlener is toegevoegd aan het zorgteam."))
            if not _is_htmx(request):
                return redirect("care:team", trajectory.public_id)
            return _team_response(request, _team_context(actor, trajectory, basis))
    elif not can(actor, "team.manage", trajectory):
        raise Http404
    return _team_response(request, _team_context(actor, trajectory, basis, member_form=form), status=422)


@require_POST
@professional_required
def team_end(request, trajectory_id, member_id):
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id)
    member = (
        CareTeamMember.objects.filter(trajectory=trajectory, pk=member_id)
        .select_related("professional")
        .first()
    )
    if member is None:
        raise Http404
    try:
        _call(services.team_member_end, actor=actor, trajectory=trajectory, member=member)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s is niet langer lid van het zorgteam.") % {"name": member.professional.display_name},
        )
    if actor.professional_id == member.professional_id and not can(actor, "contact.view", trajectory):
        return redirect("care:caseload")
    if _is_htmx(request):
        return _team_response(request, _team_context(actor, trajectory, access_basis(actor, trajectory)))
    return redirect("care:team", trajectory.public_id)


@require_POST
@professional_required
def coordinator(request, trajectory_id):
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id)
    form = forms.CoordinatorForm(request.POST, professionals=_candidates(trajectory, exclude_team=False))
    if form.is_valid():
        try:
            _call(
                services.coordinator_handover,
                actor=actor,
                trajectory=trajectory,
                professional=form.cleaned_data["professional"],
            )
        except DomainError as exc:
            forms.add_domain_errors(form, exc, form.ERROR_FIELDS)
        else:
            messages.success(
                request,
                _("%(name)s is nu de zorgcoördinator.")
                % {"name": form.cleaned_data["professional"].display_name},
            )
            if not can(actor, "contact.view", trajectory):
                return redirect("care:caseload")
            if _is_htmx(request):
                return _team_response(
                    request, _team_context(actor, trajectory, access_basis(actor, trajectory))
                )
            return redirect("care:team", trajectory.public_id)
    elif not can(actor, "team.manage", trajectory):
        raise Http404
    basis = access_basis(actor, trajectory)
    return _team_response(request, _team_context(actor, trajectory, basis, coordinator_form=form), status=422)


# --- Consent and exclusions -----------------------------------------------------------------------


def _consent_context(actor, trajectory, basis, *, consent_form=None, exclusion_form=None) -> dict:
    context = _page_context(actor, trajectory, basis)
    context.update(
        {
            "consents": selectors.consents_of(trajectory),
            "exclusions": selectors.exclusions_of(trajectory),
            "consent_form": consent_form or forms.ConsentForm(),
            "withdraw_form": forms.WithdrawForm(),
            "exclusion_form": exclusion_form
            or forms.ExclusionForm(professionals=_candidates(trajectory, exclude_team=False)),
        }
    )
    return context


def _consent_response(request, context, status=200):
    status = 200 if _is_htmx(request) else status
    template = "care/partials/consent_panel.html" if _is_htmx(request) else "care/consents.html"
    return render(request, template, context, status=status)


def _after_consent_change(request, actor, trajectory):
    # Withdrawing my own organisation's consent may end my own access at once.
    if not can(actor, "contact.view", trajectory):
        if _is_htmx(request):
            response = render(request, "care/partials/consent_panel.html", {"gone": True})
            response["HX-Redirect"] = reverse("care:caseload")
            return response
        return redirect("care:caseload")
    if _is_htmx(request):
        return _consent_response(
            request, _consent_context(actor, trajectory, access_basis(actor, trajectory))
        )
    return redirect("care:consents", trajectory.public_id)


@professional_required
def consents(request, trajectory_id):
    actor = request.actor
    with transaction.atomic():
        trajectory = _get_trajectory_or_404(actor, trajectory_id)
        basis = access_basis(actor, trajectory)
        if request.method != "POST":
            audit.record(
                actor,
                "read",
                trajectory,
                category="contact",
                detail="consents",
                break_glass=basis == "break_glass",
            )
            return _consent_response(request, _consent_context(actor, trajectory, basis))
    form = forms.ConsentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _call(
                services.consent_give,
                actor=actor,
                trajectory=trajectory,
                categories=data["categories"],
                recorded_via=data["recorded_via"],
                organisation=data["organisation"],
                professional=data["professional"],
            )
        except DomainError as exc:
            forms.add_domain_errors(form, exc, form.ERROR_FIELDS)
        else:
            messages.success(request, _("De toestemming is vastgelegd."))
            return _after_consent_change(request, actor, trajectory)
    elif not can(actor, "consent.manage", trajectory):
        raise Http404
    return _consent_response(
        request, _consent_context(actor, trajectory, basis, consent_form=form), status=422
    )


@require_POST
@professional_required
def consent_withdraw(request, trajectory_id, consent_id):
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id)
    consent = Consent.objects.filter(trajectory=trajectory, public_id=consent_id).first()
    form = forms.WithdrawForm(request.POST)
    if consent is None or not can(actor, "consent.manage", trajectory):
        raise Http404
    if not form.is_valid():
        messages.error(request, _("Zeg hoe de toestemming ingetrokken werd."))
    else:
        try:
            _call(
                services.consent_withdraw,
                actor=actor,
                consent=consent,
                recorded_via=form.cleaned_data["recorded_via"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("De toestemming is ingetrokken."))
    return _after_consent_change(request, actor, trajectory)


@require_POST
@professional_required
def exclusion_add(request, trajectory_id):
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id)
    form = forms.ExclusionForm(request.POST, professionals=_candidates(trajectory, exclude_team=False))
    if form.is_valid():
        try:
            _call(
                services.exclusion_add,
                actor=actor,
                trajectory=trajectory,
                professional=form.cleaned_data["professional"],
                recorded_via=form.cleaned_data["recorded_via"],
            )
        except DomainError as exc:
            forms.add_domain_errors(form, exc, form.ERROR_FIELDS)
        else:
            messages.success(
                request,
                _("De ouders sloten %(name)s uit van hun dossier.")
                % {"name": form.cleaned_data["professional"].display_name},
            )
            return _after_consent_change(request, actor, trajectory)
    elif not can(actor, "consent.manage", trajectory):
        raise Http404
    basis = access_basis(actor, trajectory)
    return _consent_response(
        request, _consent_context(actor, trajectory, basis, exclusion_form=form), status=422
    )


@require_POST
@professional_required
def exclusion_lift(request, trajectory_id, exclusion_id):
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id)
    exclusion = Exclusion.objects.filter(trajectory=trajectory, pk=exclusion_id).first()
    if exclusion is None:
        raise Http404
    try:
        _call(services.exclusion_lift, actor=actor, exclusion=exclusion)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("De uitsluiting is opgeheven."))
    return _after_consent_change(request, actor, trajectory)


# --- Access log, break-the-glass and its review ---------------------------------------------------


@login_required
def access_log(request, trajectory_id):
    """Who looked at or changed the file: for the coordinator and the parents only."""
    actor = request.actor
    if not (actor.is_professional or actor.is_parent):
        raise Http404
    with transaction.atomic():
        trajectory = _get_trajectory_or_404(actor, trajectory_id)
        try:
            events = selectors.access_log(actor, trajectory)
        except Trajectory.DoesNotExist as exc:
            raise Http404 from exc
        # Log this look first, so that the page counts and shows it too.
        audit.record(actor, "read", trajectory, category="contact", detail="access log", break_glass=False)
        page = Paginator(events, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
    return render(request, "care/access_log.html", {"trajectory": trajectory, "page": page, "events": rows})


@professional_required
def break_glass(request, trajectory_id):
    """Emergency access without consent: a written reason, a few hours, the coordinator told, reviewed later.

    The page shows nothing of the family: only which organisation coordinates."""
    actor = request.actor
    trajectory = Trajectory.objects.filter(public_id=trajectory_id).select_related("pregnant_person").first()
    if trajectory is None:
        raise Http404
    if can(actor, "contact.view", trajectory):
        return redirect("care:trajectory_detail", trajectory.public_id)
    if not can_break_glass(actor, trajectory):
        raise Http404
    form = forms.BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _call(
                services.break_glass_open,
                actor=actor,
                trajectory=trajectory,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            forms.add_domain_errors(form, exc)
        else:
            return redirect("care:trajectory_detail", trajectory.public_id)
    organisation = coordinating_organisation(trajectory.pregnant_person)
    return render(
        request,
        "care/break_glass.html",
        {"form": form, "organisation": organisation, "trajectory_id": trajectory.public_id},
        status=422 if form.errors else 200,
    )


def _is_reviewer(actor) -> bool:
    return actor.is_professional and "reviewer" in actor.roles


@professional_required
def review_queue(request):
    actor = request.actor
    if not _is_reviewer(actor):
        raise Http404
    show_all = request.GET.get("all") == "1"
    queue = selectors.break_glass_queue(actor, open_only=not show_all)
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "care/review_queue.html",
        {
            "page": page,
            "accesses": list(page.object_list),
            "show_all": show_all,
            "form": forms.ReviewForm(),
            "now": timezone.now(),
        },
    )


@require_POST
@professional_required
def review(request, access_id):
    actor = request.actor
    if not _is_reviewer(actor):
        raise Http404
    access = selectors.break_glass_queue(actor, open_only=False).filter(public_id=access_id).first()
    if access is None:
        raise Http404
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            _call(
                services.break_glass_review,
                actor=actor,
                access=access,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("De noodtoegang is beoordeeld."))
    else:
        messages.error(request, _("Kies terecht of niet terecht."))
    return redirect("care:review_queue")
