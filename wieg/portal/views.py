"""The parents' own pages. Only a parent of the family gets past `_parent_trajectory`; anyone else gets a 404.

Every page that shows the family's data logs the read, like any professional's read: the parents see
those lines too if they wish ("show my own visits").
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.accounts.models import Notification
from wieg.care import audit, services
from wieg.care import selectors as care
from wieg.care.contact import address_lines, language_label, phone_rows
from wieg.care.models import Consent, Exclusion, RecordedVia, Trajectory
from wieg.core.errors import DomainError
from wieg.core.registry import registry
from wieg.directory.models import Professional
from wieg.network import selectors as network

from . import selectors
from .forms import ConsentForm, ExcludeForm, OwnContactForm

LOG_PAGE_SIZE = 50
VIA = RecordedVia.PARENT_PORTAL


def _parent_trajectory(request) -> Trajectory:
    actor = request.actor
    if not actor.is_parent:
        raise Http404
    trajectory = selectors.current_trajectory(actor, request.GET.get("t") or request.POST.get("t"))
    if trajectory is None:
        raise Http404
    return trajectory


def _sections(actor, trajectory):
    sections = []
    for section in registry.sections["portal"]:
        if not section.visible(actor):
            continue
        try:
            url = reverse(section.url_name, kwargs={"trajectory_id": trajectory.public_id})
        except NoReverseMatch:
            continue
        sections.append({"key": section.key, "label": section.label, "url": url})
    return sections


@login_required
def home(request):
    actor = request.actor
    if not actor.is_parent:
        raise Http404
    trajectories = list(selectors.own_trajectories(actor))
    if not trajectories:
        return render(request, "portal/no_file.html")
    trajectory = selectors.current_trajectory(actor, request.GET.get("t"))
    with transaction.atomic():
        audit.record(actor, "read", trajectory, category="contact", detail="parent portal")
    today = timezone.localdate()
    return render(
        request,
        "portal/home.html",
        {
            "trajectory": trajectory,
            "trajectories": trajectories,
            "coordinator": care.coordinator_of(trajectory),
            "sections": _sections(actor, trajectory),
            "notifications": Notification.objects.filter(user=request.user, read_at__isnull=True)[:5],
            "week": trajectory.gestational_week_on(today) if trajectory.birth_date is None else None,
            "today": today,
        },
    )


@login_required
def team(request):
    actor = request.actor
    trajectory = _parent_trajectory(request)
    with transaction.atomic():
        audit.record(actor, "read", trajectory, category="contact", detail="parent portal: team")
    return render(
        request,
        "portal/team.html",
        {
            "trajectory": trajectory,
            "rows": selectors.team_with_rights(trajectory),
        },
    )


def _consent_context(trajectory, consent_form=None, exclude_form=None):
    organisations = selectors.consent_organisations(trajectory)
    team_professionals = Professional.objects.filter(
        pk__in=care.team_of(trajectory).values("professional")
    ).exclude(pk__in=trajectory.coordinator_assignments.filter(end__isnull=True).values("professional"))
    team_professionals = team_professionals.exclude(
        pk__in=Exclusion.objects.filter(trajectory=trajectory, lifted_at__isnull=True).values("professional")
    )
    return {
        "trajectory": trajectory,
        "consents": selectors.consents_for_parent(trajectory),
        "exclusions": care.exclusions_of(trajectory),
        "coordinator": care.coordinator_of(trajectory),
        "consent_form": consent_form or ConsentForm(organisations=organisations),
        "exclude_form": exclude_form or ExcludeForm(professionals=team_professionals),
        "plain": selectors.PLAIN_CATEGORIES,
        "organisations": organisations,
        "team_professionals": team_professionals,
    }


@login_required
def consents(request):
    actor = request.actor
    trajectory = _parent_trajectory(request)
    context = _consent_context(trajectory)
    status = 200
    if request.method == "POST":
        form = ConsentForm(request.POST, organisations=context["organisations"])
        if form.is_valid():
            try:
                services.consent_give(
                    actor=actor,
                    trajectory=trajectory,
                    categories=form.cleaned_data["categories"],
                    recorded_via=VIA,
                    organisation=form.cleaned_data["organisation"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Bewaard. Dit geldt vanaf nu."))
                return redirect(f"{reverse('portal:consents')}?t={trajectory.public_id}")
        context["consent_form"] = form
        status = 422
    else:
        with transaction.atomic():
            audit.record(actor, "read", trajectory, category="contact", detail="parent portal: consents")
    return render(request, "portal/consents.html", context, status=status)


@login_required
@require_POST
def consent_withdraw(request, consent_id):
    actor = request.actor
    trajectory = _parent_trajectory(request)
    consent = Consent.objects.filter(public_id=consent_id, trajectory=trajectory).first()
    if consent is None:
        raise Http404
    try:
        services.consent_withdraw(actor=actor, consent=consent, recorded_via=VIA)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Ingetrokken. %(name)s ziet vanaf nu niets meer uit uw dossier.") % {"name": consent.subject},
        )
    return redirect(f"{reverse('portal:consents')}?t={trajectory.public_id}")


@login_required
@require_POST
def exclude(request):
    actor = request.actor
    trajectory = _parent_trajectory(request)
    context = _consent_context(trajectory)
    form = ExcludeForm(request.POST, professionals=context["team_professionals"])
    if form.is_valid():
        try:
            services.exclusion_add(
                actor=actor,
                trajectory=trajectory,
                professional=form.cleaned_data["professional"],
                recorded_via=VIA,
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(
                request,
                _("%(name)s ziet uw dossier vanaf nu niet meer.")
                % {"name": form.cleaned_data["professional"].display_name},
            )
            return redirect(f"{reverse('portal:consents')}?t={trajectory.public_id}")
    context["exclude_form"] = form
    return render(request, "portal/consents.html", context, status=422)


@login_required
@require_POST
def exclusion_lift(request, exclusion_id):
    actor = request.actor
    trajectory = _parent_trajectory(request)
    exclusion = Exclusion.objects.filter(pk=exclusion_id, trajectory=trajectory).first()
    if exclusion is None:
        raise Http404
    try:
        services.exclusion_lift(actor=actor, exclusion=exclusion)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("%(name)s mag uw dossier weer zien, als u er toestemming voor gaf.")
            % {"name": exclusion.professional.display_name},
        )
    return redirect(f"{reverse('portal:consents')}?t={trajectory.public_id}")


@login_required
def contact(request):
    """My own contact details: the parent corrects her phone numbers and e-mail; the rest she sees."""
    actor = request.actor
    trajectory = _parent_trajectory(request)
    person = selectors.own_person(actor, trajectory)
    if person is None:
        raise Http404
    status = 200
    if request.method == "POST":
        form = OwnContactForm(request.POST, person=person)
        if form.is_valid():
            rows = form.phone_inputs()
            try:
                services.person_contact_correct(
                    actor=actor,
                    person=person,
                    phones=[phone for _index, phone in rows],
                    email=form.cleaned_data["email"],
                    trajectory=trajectory,
                )
            except DomainError as exc:
                form.add_service_errors(exc, [index for index, _phone in rows])
            else:
                messages.success(request, _("Bewaard. Uw zorgteam ziet uw nieuwe gegevens."))
                return redirect(f"{reverse('portal:contact')}?t={trajectory.public_id}")
        status = 422
    else:
        form = OwnContactForm(person=person)
        with transaction.atomic():
            audit.record(
                actor, "read", person, family=trajectory.family, trajectory=trajectory, category="contact"
            )
    return render(
        request,
        "portal/contact.html",
        {
            "trajectory": trajectory,
            "person": person,
            "form": form,
            "phones": phone_rows(person.phones),
            "address": address_lines(person),
            "language": language_label(person.preferred_language),
            "interpreter": language_label(person.interpreter_language) if person.interpreter_needed else "",
        },
        status=status,
    )


@login_required
def access_log(request):
    actor = request.actor
    trajectory = _parent_trajectory(request)
    include_mine = request.GET.get("mine") == "1"
    try:
        events = selectors.access_log_lines(actor, trajectory, include_mine=include_mine)
        openings = selectors.emergency_openings(actor, trajectory)
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc
    page = Paginator(events, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [selectors.plain_line(e, actor) for e in page.object_list]
    with transaction.atomic():
        audit.record(actor, "read", trajectory, category="contact", detail="access log")
    return render(
        request,
        "portal/access_log.html",
        {
            "trajectory": trajectory,
            "page": page,
            "lines": lines,
            "include_mine": include_mine,
            "emergency_openings": openings,
        },
    )


@login_required
def activities(request):
    actor = request.actor
    trajectory = _parent_trajectory(request)
    with transaction.atomic():
        audit.record(actor, "read", trajectory, category="contact", detail="parent portal: activities")
    return render(
        request,
        "portal/activities.html",
        {
            "trajectory": trajectory,
            "registrations": list(network.registrations_of(actor, trajectory)),
            "near": network.activities_near(trajectory.family.municipality),
        },
    )


@login_required
@require_POST
def notifications_read(request):
    if not request.actor.is_parent:
        raise Http404
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("portal:home")


@login_required
def section_activities(request, trajectory_id):
    """A portal section (slot "portal"): what the family signed up for, loaded with htmx on the home page."""
    actor = request.actor
    if not actor.is_parent:
        raise Http404
    trajectory = selectors.own_trajectories(actor).filter(public_id=trajectory_id).first()
    if trajectory is None:
        raise Http404
    registrations = [r for r in network.registrations_of(actor, trajectory) if r.status != "cancelled"]
    return render(
        request,
        "portal/partials/section_activities.html",
        {
            "trajectory": trajectory,
            "registrations": registrations,
        },
    )
