"""Pages: the inbox of the receiving organisation (and what we sent), the referral page, the referral form
(two clicks from a suggestion), the trajectory panel and the maternity home care reach on the worklist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.care import audit
from wieg.care.forms import add_domain_errors
from wieg.care.models import Trajectory
from wieg.care.policies import can
from wieg.care.selectors import trajectory_get
from wieg.core.errors import DomainError
from wieg.core.inputs import uuid_or_none
from wieg.directory.models import Professional
from wieg.screening.models import Flag, FlagLevel, Suggestion, SuggestionStatus

from . import catalogue, selectors, services
from .forms import IntakeForm, ReasonForm, ReferralForm
from .intake import intake_register
from .models import Referral, Status

PAGE_SIZE = 50


def _professional_only(request):
    if not request.actor.is_professional:
        raise Http404


@login_required
def inbox(request):
    _professional_only(request)
    actor = request.actor
    box = "outgoing" if request.GET.get("box") == "outgoing" else "incoming"
    status = request.GET.get("status") if request.GET.get("status") in Status.values else None
    qs = selectors.referral_list(actor, box)
    if status:
        qs = qs.filter(status=status)
    elif box == "incoming":
        qs = qs.filter(status__in=[Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    with transaction.atomic():
        audit.record_many(
            actor,
            "list",
            {r.trajectory_id: r.trajectory for r in rows}.values(),
            category="care_plan",
            detail=f"referrals {box}",
        )
    return render(
        request,
        "referrals/inbox.html",
        {
            "box": box,
            "status": status,
            "page": page,
            "rows": rows,
            "statuses": Status.choices,
        },
    )


def _get(actor, referral_id) -> Referral:
    try:
        return selectors.referral_get(actor, referral_id)
    except Referral.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@transaction.atomic
def detail(request, referral_id):
    _professional_only(request)
    actor = request.actor
    referral = _get(actor, referral_id)
    audit.record(
        actor, "read", referral, trajectory=referral.trajectory, category="care_plan", break_glass=False
    )
    is_receiver = referral.to_organisation_id in actor.organisation_ids
    is_sender_side = not is_receiver and can(actor, "care_plan.change", referral.trajectory)
    flags_visible = (
        selectors.receiver_sees_flags(referral)
        if not is_sender_side
        else can(actor, "psychosocial.view", referral.trajectory)
    )
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "is_receiver": is_receiver,
            "is_sender_side": is_sender_side,
            "sees_trajectory": can(actor, "contact.view", referral.trajectory),
            "flags": [
                {"flag": f, "label": f.screening.instrument.flag_label(f.code)} for f in referral.flags.all()
            ]
            if flags_visible
            else [],
            "answer_due_on": services.answer_due_on(referral) if referral.status == Status.SENT else None,
            **_waiting_for(actor, referral, is_sender_side),
            "candidates": list(services.coordinator_candidates(referral))
            if is_receiver
            and referral.status == Status.SENT
            and catalogue.names_coordinator(referral.service)
            else [],
        },
    )


def _waiting_for(actor, referral: Referral, is_sender_side: bool) -> dict:
    """What a waiting referral misses, named, with the fix in place for whoever may record consent."""
    if referral.status != Status.WAITING_FOR_CONSENT:
        return {}
    missing = services.missing_categories(
        referral.trajectory, referral.to_organisation_id, catalogue.consent_categories(referral.service)
    )
    return {
        "missing_labels": ", ".join(str(services.CATEGORY_LABELS[c]) for c in missing),
        "missing_keys": ",".join(missing),
        "can_record_consent": is_sender_side and can(actor, "consent.manage", referral.trajectory),
    }


STEPS = {
    "accept": lambda actor, r, text, coordinator=None: services.referral_accept(
        actor=actor, referral=r, note=text, coordinator=coordinator
    ),
    "decline": lambda actor, r, text: services.referral_decline(actor=actor, referral=r, reason=text),
    "start": lambda actor, r, text: services.referral_start(actor=actor, referral=r, note=text),
    "complete": lambda actor, r, text: services.referral_complete(actor=actor, referral=r, outcome=text),
    "cancel": lambda actor, r, text: services.referral_cancel(actor=actor, referral=r, reason=text),
}


@login_required
@require_POST
def step(request, referral_id, step):
    _professional_only(request)
    if step not in STEPS:
        raise Http404
    actor = request.actor
    referral = _get(actor, referral_id)
    form = ReasonForm(request.POST)
    text = form.cleaned_data["reason"] if form.is_valid() else ""
    extra = {}
    if step == "accept" and request.POST.get("professional"):
        # An intake names the coordinator; anyone else than the receiving team's professionals is refused.
        try:
            extra["coordinator"] = services.coordinator_candidates(referral).get(
                public_id=request.POST["professional"]
            )
        except (Professional.DoesNotExist, ValidationError):
            messages.error(
                request, _("Kies een zorgverlener van %(org)s.") % {"org": referral.to_organisation.name}
            )
            return redirect("referrals:detail", referral_id=referral.public_id)
    try:
        STEPS[step](actor, referral, text, **extra)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Doorverwijzing bijgewerkt: %(status)s")
            % {"status": Referral.objects.get(pk=referral.pk).get_status_display()},
        )
    return redirect("referrals:detail", referral_id=referral.public_id)


@login_required
def intake_queue(request):
    """The receiving team's intake queue: families referred to it for coordination, to accept with the
    coordinator named in the same step."""
    _professional_only(request)
    actor = request.actor
    rows = list(
        selectors.referral_list(actor, "incoming").filter(
            service=catalogue.COORDINATION,
            status=Status.SENT,
            to_organisation_id=actor.organisation_id,
        )[:PAGE_SIZE]
    )
    with transaction.atomic():
        audit.record_many(
            actor,
            "list",
            {r.trajectory_id: r.trajectory for r in rows}.values(),
            category="care_plan",
            detail="intake queue",
        )
    candidates = []
    if rows:
        candidates = list(services.coordinator_candidates(rows[0]))
    return render(request, "referrals/intake_queue.html", {"rows": rows, "candidates": candidates})


def _initial_from(trajectory, suggestion: Suggestion | None, previous: Referral | None) -> dict:
    initial = {
        "requested_hours": catalogue.service("maternity_home_care")["maternity_home_care"]["default_hours"],
        "start": trajectory.birth_date or trajectory.due_date,
    }
    if previous is not None:
        initial.update(
            service=previous.service,
            reason=previous.reason,
            urgency=previous.urgency,
            requested_hours=previous.requested_hours or initial["requested_hours"],
            start=previous.requested_start or initial["start"],
        )
    if suggestion is not None:
        flags = list(
            Flag.objects.filter(
                screening_id=suggestion.screening_id, code__in=suggestion.flag_codes
            ).select_related("screening__instrument")
        )
        levels = {f.level for f in flags}
        urgency = (
            "urgent" if FlagLevel.URGENT in levels else "soon" if FlagLevel.HIGH in levels else "routine"
        )
        # The signals travel as linked flags, which the receiver sees only with psychosocial consent:
        # they are not copied into the free-text reason.
        initial.update(service=suggestion.service, urgency=urgency, reason=f"{suggestion.text}.")
    return initial


@login_required
def create(request, trajectory_id):
    """The referral form. From a suggestion everything is filled in: choose nothing, press send."""
    _professional_only(request)
    actor = request.actor
    try:
        trajectory = trajectory_get(actor, trajectory_id, "care_plan")
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc
    if not can(actor, "care_plan.change", trajectory):
        raise Http404
    suggestion = None
    if request.GET.get("suggestion") or request.POST.get("suggestion"):
        if not can(actor, "psychosocial.view", trajectory):
            raise Http404
        suggestion = (
            Suggestion.objects.filter(
                public_id=uuid_or_none(request.GET.get("suggestion") or request.POST.get("suggestion")),
                trajectory=trajectory,
                status=SuggestionStatus.OPEN,
                kind="referral",
            )
            .select_related("screening")
            .first()
        )
    previous = None
    if request.GET.get("previous"):
        previous = (
            Referral.objects.visible_to(actor)
            .filter(public_id=uuid_or_none(request.GET["previous"]), trajectory=trajectory)
            .first()
        )
    initial = _initial_from(trajectory, suggestion, previous)
    if request.GET.get("service") in catalogue.services() and "service" not in initial:
        initial["service"] = request.GET["service"]
    service = request.POST.get("service") or initial.get("service")
    if request.method == "POST":
        form = ReferralForm(request.POST, service=service)
        if form.is_valid():
            data = form.cleaned_data
            details = {}
            if data["service"] == "maternity_home_care":
                details = {"requested_hours": data["requested_hours"], "start": data["start"]}
            previous_id = request.POST.get("previous")
            previous = (
                Referral.objects.visible_to(actor)
                .filter(public_id=previous_id, trajectory=trajectory)
                .first()
                if previous_id
                else None
            )
            try:
                referral = services.referral_create(
                    actor=actor,
                    trajectory=trajectory,
                    to_organisation=data["to_organisation"],
                    service=data["service"],
                    reason=data["reason"],
                    urgency=data["urgency"],
                    details=details,
                    suggestion=suggestion,
                    previous=previous,
                )
            except DomainError as exc:
                for field, msgs in exc.errors.items():
                    name = {
                        "to_organisation_id": "to_organisation",
                        "details.requested_hours": "requested_hours",
                        "details.start": "start",
                    }.get(field, field)
                    for msg in msgs:
                        form.add_error(name if name in form.fields else None, str(msg))
                if not exc.errors:
                    form.add_error(None, str(exc.message))
            else:
                if referral.status == Status.WAITING_FOR_CONSENT:
                    messages.warning(
                        request,
                        _(
                            "De doorverwijzing wacht op de toestemming van het gezin voor %(org)s. "
                            "Ze wordt verstuurd zodra die toestemming is vastgelegd."
                        )
                        % {"org": referral.to_organisation.name},
                    )
                else:
                    messages.success(
                        request,
                        _("Doorverwijzing verstuurd naar %(org)s.") % {"org": referral.to_organisation.name},
                    )
                return redirect("referrals:detail", referral_id=referral.public_id)
    else:
        form = ReferralForm(initial=initial, service=service)
        candidates = list(form.fields["to_organisation"].queryset[:2])
        if service and len(candidates) >= 1:
            # One click less: the first matching organisation (the only one, often) is chosen already.
            form.initial["to_organisation"] = candidates[0].public_id
    form.fields["service"].widget.attrs["hx-get"] = request.path
    with transaction.atomic():
        audit.record(actor, "read", trajectory, category="care_plan", detail="referral form")
        if suggestion is not None:
            # The form names the suggestion's signals: a read of psychosocial information.
            audit.record(actor, "read", suggestion, trajectory=trajectory, category="psychosocial")
    organisations = list(form.fields["to_organisation"].queryset)
    consented = set(
        trajectory.consents.filter(
            withdrawn_at__isnull=True, contact=True, organisation__isnull=False
        ).values_list("organisation_id", flat=True)
    )
    return render(
        request,
        "referrals/create.html",
        {
            "trajectory": trajectory,
            "form": form,
            "suggestion": suggestion,
            "previous": previous,
            "service": service,
            "without_consent": [o for o in organisations if o.pk not in consented],
            "flags": [
                f.screening.instrument.flag_label(f.code)
                for f in Flag.objects.filter(
                    screening_id=suggestion.screening_id, code__in=suggestion.flag_codes
                ).select_related("screening__instrument")
            ]
            if suggestion
            else [],
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@transaction.atomic
def trajectory_section(request, trajectory_id):
    _professional_only(request)
    actor = request.actor
    try:
        trajectory = trajectory_get(actor, trajectory_id)
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc
    referrals = list(selectors.referrals_of(actor, trajectory)[:20])
    audit.record(
        actor, "list", trajectory, category="care_plan" if referrals else "contact", detail="referrals"
    )
    return render(
        request,
        "referrals/_trajectory_section.html",
        {
            "trajectory": trajectory,
            "referrals": referrals,
            "can_refer": can(actor, "care_plan.change", trajectory),
        },
    )


@login_required
def worklist_section(request):
    _professional_only(request)
    actor = request.actor
    rows = list(selectors.vulnerable_without_maternity_care(actor)[:50])
    with transaction.atomic():
        audit.record_many(actor, "list", rows, detail="maternity home care reach")
    return render(request, "referrals/_worklist_section.html", {"rows": rows})


@login_required
def intake_new(request):
    """A family not yet known to Wieg, registered and referred to a Kind en Gezin team in one form (GP,
    gynaecologist, independent midwife)."""
    _professional_only(request)
    actor = request.actor
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = intake_register(
                actor=actor,
                municipality_nis=data["municipality"].nis_code,
                given_name=data["given_name"],
                family_name=data["family_name"],
                birth_date=data["birth_date"],
                national_number=data["national_number"] or None,
                due_date=data["due_date"],
                parity=data["parity"],
                consent_categories=data["consent_categories"],
                recorded_via=data["recorded_via"],
                to_organisation=data["to_organisation"],
                receiver_categories=data["receiver_categories"],
                reason=data["reason"],
                urgency=data["urgency"],
            )
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from exc
            add_domain_errors(form, exc, IntakeForm.ERROR_FIELDS)
        else:
            if referral.status == Status.WAITING_FOR_CONSENT:
                messages.warning(
                    request,
                    _("De aanmelding wacht op de toestemming van het gezin voor %(org)s.")
                    % {"org": referral.to_organisation.name},
                )
            else:
                messages.success(
                    request, _("Aanmelding verstuurd naar %(org)s.") % {"org": referral.to_organisation.name}
                )
            return redirect("referrals:detail", referral_id=referral.public_id)
    return render(
        request,
        "referrals/intake_new.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )
