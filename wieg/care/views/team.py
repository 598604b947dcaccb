"""Care team, coordinator handover, consent and exclusions. htmx swaps the panel instead of reloading."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.core.errors import DomainError
from wieg.core.inputs import uuid_or_none
from wieg.directory.models import Membership, Organisation, Professional
from wieg.directory.views import professional_options_response

from .. import audit, forms, selectors, services
from ..consent_needs import consent_need, suggested_categories
from ..models import (
    CareTeamMember,
    Consent,
    Exclusion,
    usual_team_role,
)
from ..policies import access_basis, can
from .common import _call, _get_trajectory_or_404, _is_htmx, _page_context, professional_required


def _to_caseload(request):
    """The actor no longer sees this file: leave it for the caseload (htmx needs its own redirect header)."""
    if _is_htmx(request):
        response = HttpResponse()
        response["HX-Redirect"] = reverse("care:caseload")
        return response
    return redirect("care:caseload")


def _saved(form, write, *, may) -> bool:
    """Whether a valid form was written by `write(data=cleaned_data)`. The service's refusals (invalid
    input, conflict) come back as errors on the form's fields; an invalid form from someone who may not
    make this change at all (`may()` false) is a 404, like the page itself."""
    if not form.is_valid():
        if not may():
            raise Http404
        return False
    try:
        _call(write, data=form.cleaned_data)
    except DomainError as exc:
        forms.add_domain_errors(form, exc, form.ERROR_FIELDS)
        return False
    return True


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


def _consent_offer(actor, trajectory, member_form, consent_form=None):
    """When the team refused a professional for want of consent: which categories their organisation
    lacks, and (for whoever records consent) the form to record it here and add them in one step."""
    if consent_form is not None:
        data = consent_form.data
        chosen, org = data.get("consent-professional"), data.get("consent-organisation")
        professional = Professional.objects.filter(public_id=chosen).first() if uuid_or_none(chosen) else None
        organisation = Organisation.objects.filter(public_id=org).first() if uuid_or_none(org) else None
    else:
        # The refusal took the professional off cleaned_data: read the choice as posted.
        chosen = member_form.data.get("professional") if member_form.is_bound else None
        professional = Professional.objects.filter(public_id=chosen).first() if uuid_or_none(chosen) else None
        membership = (
            Membership.objects.active()
            .filter(professional=professional, organisation__active=True)
            .select_related("organisation")
            .order_by("start")
            .first()
            if professional
            else None
        )
        organisation = membership.organisation if membership else None
        if organisation is None or services.has_team_consent(trajectory, professional, organisation.pk):
            return None
    if professional is None or organisation is None:
        return None
    need = consent_need(trajectory, organisation, suggested_categories(organisation.kind))
    if need is None:
        return None
    if consent_form is None and can(actor, "consent.manage", trajectory):
        consent_form = forms.TeamConsentForm(
            initial={
                "professional": professional.public_id,
                # "By discipline" in the team form: the role it stands for.
                "role": member_form.data.get("role") or usual_team_role(professional.discipline),
                "organisation": organisation.public_id,
                "categories": need.categories,
            }
        )
    return {"need": need, "professional": professional, "form": consent_form}


def _member_form(trajectory, data=None):
    return forms.TeamMemberForm(
        data,
        professionals=_candidates(trajectory, exclude_team=True),
        options_url=reverse("care:team_candidates", args=[trajectory.public_id]),
    )


@professional_required
def team_candidates(request, trajectory_id):
    """The team picker's search: only those who can still be added, so none is refused after picking."""
    trajectory = _get_trajectory_or_404(request.actor, trajectory_id)
    if not can(request.actor, "team.manage", trajectory):
        raise Http404
    return professional_options_response(request, within=_candidates(trajectory, exclude_team=True))


def _team_context(
    actor, trajectory, basis, *, member_form=None, coordinator_form=None, consent_offer=None
) -> dict:
    context = _page_context(actor, trajectory, basis)
    context.update(
        {
            "consent_offer": consent_offer,
            "coordinator": selectors.coordinator_of(trajectory),
            "team": selectors.team_of(trajectory),
            "history": selectors.coordinator_history(trajectory),
            "excluded_ids": {e.professional_id for e in selectors.exclusions_of(trajectory)},
            "member_form": member_form or _member_form(trajectory),
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
    form = _member_form(trajectory, request.POST)
    added = _saved(
        form,
        lambda data: services.team_member_add(
            actor=actor, trajectory=trajectory, professional=data["professional"], role=data["role"]
        ),
        may=lambda: can(actor, "team.manage", trajectory),
    )
    if added:
        messages.success(request, _("De zorgverlener is toegevoegd aan het zorgteam."))
        if not _is_htmx(request):
            return redirect("care:team", trajectory.public_id)
        return _team_response(request, _team_context(actor, trajectory, basis))
    offer = _consent_offer(actor, trajectory, form)
    context = _team_context(actor, trajectory, basis, member_form=form, consent_offer=offer)
    return _team_response(request, context, status=422)


@require_POST
@professional_required
def team_consent(request, trajectory_id):
    """Record the consent the team lacked for a professional's organisation and add them, in one step:
    both or nothing. The user stays on the team page."""
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id)
    basis = access_basis(actor, trajectory)
    form = forms.TeamConsentForm(request.POST)

    def write(data):
        with transaction.atomic():
            services.consent_give(
                actor=actor,
                trajectory=trajectory,
                categories=data["categories"],
                recorded_via=data["recorded_via"],
                organisation=data["organisation"],
            )
            services.team_member_add(
                actor=actor, trajectory=trajectory, professional=data["professional"], role=data["role"]
            )

    saved = _saved(
        form,
        write,
        may=lambda: can(actor, "consent.manage", trajectory) and can(actor, "team.manage", trajectory),
    )
    if saved:
        messages.success(
            request, _("De toestemming is vastgelegd en de zorgverlener is toegevoegd aan het zorgteam.")
        )
        if not _is_htmx(request):
            return redirect("care:team", trajectory.public_id)
        return _team_response(request, _team_context(actor, trajectory, basis))
    member_form = _member_form(
        trajectory,
        {"professional": request.POST.get("consent-professional"), "role": request.POST.get("consent-role")},
    )
    offer = _consent_offer(actor, trajectory, member_form, consent_form=form)
    context = _team_context(actor, trajectory, basis, member_form=member_form, consent_offer=offer)
    return _team_response(request, context, status=422)


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
        return _to_caseload(request)
    if _is_htmx(request):
        return _team_response(request, _team_context(actor, trajectory, access_basis(actor, trajectory)))
    return redirect("care:team", trajectory.public_id)


@require_POST
@professional_required
def coordinator(request, trajectory_id):
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id)
    form = forms.CoordinatorForm(request.POST, professionals=_candidates(trajectory, exclude_team=False))
    handed_over = _saved(
        form,
        lambda data: services.coordinator_handover(
            actor=actor, trajectory=trajectory, professional=data["professional"]
        ),
        may=lambda: can(actor, "team.manage", trajectory),
    )
    if handed_over:
        messages.success(
            request,
            _("%(name)s is nu de zorgcoördinator.")
            % {"name": form.cleaned_data["professional"].display_name},
        )
        if not can(actor, "contact.view", trajectory):
            return _to_caseload(request)
        if _is_htmx(request):
            return _team_response(request, _team_context(actor, trajectory, access_basis(actor, trajectory)))
        return redirect("care:team", trajectory.public_id)
    basis = access_basis(actor, trajectory)
    return _team_response(request, _team_context(actor, trajectory, basis, coordinator_form=form), status=422)


# --- Consent and exclusions -----------------------------------------------------------------------


def _consent_context(
    actor, trajectory, basis, *, consent_form=None, exclusion_form=None, amend_form=None
) -> dict:
    """`amend_form` is (consent id, bound form) for an amendment that came back with errors."""
    context = _page_context(actor, trajectory, basis)
    consents = list(selectors.consents_of(trajectory))
    for consent in consents:
        if amend_form and amend_form[0] == consent.pk:
            consent.amend_form = amend_form[1]
        elif consent.is_active:
            consent.amend_form = forms.ConsentAmendForm.for_consent(consent)
        # One withdrawal select per row: each its own id and label.
        consent.withdraw_form = forms.WithdrawForm(auto_id=f"id_withdraw_{consent.public_id.hex[:12]}_%s")
    context.update(
        {
            "consents": consents,
            "exclusions": selectors.exclusions_of(trajectory),
            "consent_form": consent_form or forms.ConsentForm(),
            "withdraw_form": forms.WithdrawForm(),
            "exclusion_form": exclusion_form
            or forms.ExclusionForm(professionals=_candidates(trajectory, exclude_team=False)),
        }
    )
    return context


def _next_url(request) -> str:
    """A page of this site to return to after recording a consent where it was needed."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return back
    return ""


def _prefilled(request) -> forms.ConsentForm:
    """The consent form as a blocked page asked for it: organisation, categories and where to return."""
    organisation = request.GET.get("organisation")
    if not organisation:
        return forms.ConsentForm()
    categories = request.GET.getlist("categories")
    return forms.ConsentForm(
        initial={
            "organisation": organisation,
            "categories": list(dict.fromkeys(["contact", *categories])),
            "next": _next_url(request),
        }
    )


def _consent_response(request, context, status=200):
    status = 200 if _is_htmx(request) else status
    template = "care/partials/consent_panel.html" if _is_htmx(request) else "care/consents.html"
    return render(request, template, context, status=status)


def _after_consent_change(request, actor, trajectory):
    # Withdrawing my own organisation's consent may end my own access at once.
    if not can(actor, "contact.view", trajectory):
        return _to_caseload(request)
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
            return _consent_response(
                request, _consent_context(actor, trajectory, basis, consent_form=_prefilled(request))
            )
    form = forms.ConsentForm(request.POST)
    given = _saved(
        form,
        lambda data: services.consent_give(
            actor=actor,
            trajectory=trajectory,
            categories=data["categories"],
            recorded_via=data["recorded_via"],
            organisation=data["organisation"],
            professional=data["professional"],
        ),
        may=lambda: can(actor, "consent.manage", trajectory),
    )
    if given:
        messages.success(request, _("De toestemming is vastgelegd."))
        back = _next_url(request)
        if back and can(actor, "contact.view", trajectory):
            # Recorded where it was needed: back to that page (htmx leaves the panel for it).
            if _is_htmx(request):
                response = HttpResponse()
                response["HX-Redirect"] = back
                return response
            return redirect(back)
        return _after_consent_change(request, actor, trajectory)
    return _consent_response(
        request, _consent_context(actor, trajectory, basis, consent_form=form), status=422
    )


@require_POST
@professional_required
def consent_amend(request, trajectory_id, consent_id):
    """Extend or narrow an existing consent in place: the same consent, one event, its history kept."""
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id)
    consent = Consent.objects.filter(trajectory=trajectory, public_id=consent_id).first()
    if consent is None:
        raise Http404
    form = forms.ConsentAmendForm.for_consent(consent, request.POST)
    amended = _saved(
        form,
        lambda data: services.consent_amend(
            actor=actor,
            consent=consent,
            categories=data["categories"],
            recorded_via=data["recorded_via"],
        ),
        may=lambda: can(actor, "consent.manage", trajectory),
    )
    if amended:
        messages.success(request, _("De toestemming is aangepast."))
        return _after_consent_change(request, actor, trajectory)
    basis = access_basis(actor, trajectory)
    return _consent_response(
        request, _consent_context(actor, trajectory, basis, amend_form=(consent.pk, form)), status=422
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
    excluded = _saved(
        form,
        lambda data: services.exclusion_add(
            actor=actor,
            trajectory=trajectory,
            professional=data["professional"],
            recorded_via=data["recorded_via"],
        ),
        may=lambda: can(actor, "consent.manage", trajectory),
    )
    if excluded:
        messages.success(
            request,
            _("De ouders sloten %(name)s uit van hun dossier.")
            % {"name": form.cleaned_data["professional"].display_name},
        )
        return _after_consent_change(request, actor, trajectory)
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
