"""Pages: fill in a screening (tablet-friendly), see the result and its suggestions, record the action
on an urgent flag. Thin: selectors and services do the work, the policy decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.care import audit
from wieg.care.consent_needs import need_of_actor
from wieg.care.models import Trajectory
from wieg.care.policies import can, scope
from wieg.care.selectors import trajectory_get
from wieg.core.errors import DomainError

from . import catalogue, selectors, services
from .models import Flag, FlagLevel, Screening, ScreeningRequest, Suggestion, pick_label


def _trajectory_or_404(actor, trajectory_id, category="contact") -> Trajectory:
    try:
        return trajectory_get(actor, trajectory_id, category)
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc


def _professional_only(request):
    if not request.actor.is_professional:
        raise Http404


@login_required
@transaction.atomic
def trajectory_section(request, trajectory_id):
    """The screening panel on the trajectory page. Without psychosocial consent: what is due or urgent."""
    _professional_only(request)
    actor = request.actor
    trajectory = _trajectory_or_404(actor, trajectory_id)
    sees_content = can(actor, "psychosocial.view", trajectory)
    screenings = list(selectors.screenings_of(actor, trajectory)[:10]) if sees_content else []
    if sees_content:
        audit.record(actor, "list", trajectory, category="psychosocial", detail="screenings")
    urgent = list(selectors.open_urgent_flags(trajectory).select_related("screening__instrument"))
    return render(
        request,
        "screening/_trajectory_section.html",
        {
            "trajectory": trajectory,
            "sees_content": sees_content,
            "can_screen": sees_content and can(actor, "psychosocial.change", trajectory),
            "screenings": screenings,
            "open_suggestions": list(selectors.open_suggestions(actor, trajectory)) if sees_content else [],
            "urgent": urgent,
            "moments": selectors.due_moments(trajectory),
            "open_requests": list(
                ScreeningRequest.objects.filter(
                    trajectory=trajectory, screening__isnull=True, cancelled_at__isnull=True
                )
            ),
            "self_instruments": [(code, catalogue.instrument(code).name) for code in services.SELF_SCREENING],
            "instruments": [(code, catalogue.instrument(code).name) for code in catalogue.INSTRUMENT_CODES],
            "consent": None if sees_content else need_of_actor(actor, trajectory, "psychosocial"),
            "back": reverse("care:trajectory_detail", args=[trajectory.public_id]) + "#panel-screening",
        },
    )


def _language() -> str:
    return (get_language() or "nl")[:2]


def _form(instrument, language: str, chosen: dict) -> dict:
    """The questionnaire as printed, in the reader's language, with what was chosen so far."""
    form = catalogue.questionnaire(instrument, language)
    form["items"] = [
        dict(item, chosen=chosen.get(item["key"]), conditional=bool(item["asked_if"]))
        for item in form["items"]
    ]
    return form


def _chosen(request, instrument) -> dict:
    chosen: dict = {}
    for item in instrument.definition["items"]:
        raw = request.POST.get(f"item_{item['key']}", "")
        chosen[item["key"]] = int(raw) if raw.isdigit() else None
    return chosen


def _unavailable(request, instrument, language: str, **context):
    """A questionnaire with stand-in wording is never shown as a form: say why, and what fixes it."""
    missing = catalogue.incomplete_items(instrument, language)
    if not missing:
        return None
    return render(
        request,
        "screening/unavailable.html",
        {"instrument": instrument, "missing": missing, **context},
        status=409,
    )


@login_required
def screening_new(request, trajectory_id, instrument):
    _professional_only(request)
    actor = request.actor
    trajectory = _trajectory_or_404(actor, trajectory_id, "psychosocial")
    if instrument not in catalogue.INSTRUMENT_CODES or not can(actor, "psychosocial.change", trajectory):
        raise Http404
    definition = catalogue.instrument(instrument)
    language = _language()
    refused = _unavailable(request, definition, language, trajectory=trajectory)
    if refused:
        return refused
    errors: dict = {}
    chosen: dict = {}
    if request.method == "POST":
        chosen = _chosen(request, definition)
        try:
            screening = services.screening_record(
                actor=actor, trajectory=trajectory, instrument_code=instrument, answers=chosen
            )
        except DomainError as exc:
            errors = {key.removeprefix("answers."): msgs for key, msgs in exc.errors.items()}
            if not errors:
                errors = {"general": [str(exc.message)]}
        else:
            return redirect("screening:detail", screening_id=screening.public_id)
    return render(
        request,
        "screening/screening_form.html",
        {
            "trajectory": trajectory,
            "instrument": definition,
            "form": _form(definition, language, chosen),
            "errors": errors,
        },
        status=422 if errors else 200,
    )


@login_required
@transaction.atomic
def screening_detail(request, screening_id):
    _professional_only(request)
    actor = request.actor
    try:
        screening = selectors.screening_get(actor, screening_id)
    except Screening.DoesNotExist as exc:
        raise Http404 from exc
    audit.record(actor, "read", screening, trajectory=screening.trajectory, category="psychosocial")
    instrument = screening.instrument
    printed = catalogue.questionnaire(instrument, _language())
    answers = [
        {
            "number": item["number"],
            "label": item["text"],
            "answer": item["options"][pos]["text"] if pos is not None else "—",
            "points": item["options"][pos]["score"] if pos is not None else None,
        }
        for item in printed["items"]
        for pos in [screening.answers.get(item["key"])]
    ]
    indicators = [
        {
            "label": pick_label(i["label"]),
            "score": screening.indicator_scores.get(i["key"]),
            "threshold": i["threshold"],
            "flagged": i["flag"] in {f.code for f in screening.flags.all()},
        }
        for i in instrument.definition.get("indicators", [])
    ]
    return render(
        request,
        "screening/screening_detail.html",
        {
            "screening": screening,
            "trajectory": screening.trajectory,
            "flags": [{"flag": f, "label": instrument.flag_label(f.code)} for f in screening.flags.all()],
            "suggestions": list(screening.suggestions.select_related("decided_by").order_by("pk")),
            "answers": answers,
            "citation": printed["citation"],
            "indicators": indicators,
            "can_change": can(actor, "psychosocial.change", screening.trajectory),
            "can_refer": can(actor, "care_plan.change", screening.trajectory),
        },
    )


@login_required
@require_POST
def suggestion_decide(request, suggestion_id):
    _professional_only(request)
    actor = request.actor
    suggestion = (
        scope(actor, "psychosocial.change", Suggestion.objects.all())
        .select_related("trajectory", "screening")
        .filter(public_id=suggestion_id)
        .first()
    )
    if suggestion is None:
        raise Http404
    accept = request.POST.get("decision") == "accept"
    try:
        services.suggestion_decide(
            actor=actor, suggestion=suggestion, accept=accept, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Voorstel aanvaard.") if accept else _("Voorstel afgewezen."))
    return redirect(reverse("screening:detail", args=[suggestion.screening.public_id]))


@login_required
@require_POST
def flag_action(request, flag_id):
    _professional_only(request)
    actor = request.actor
    flag = (
        scope(actor, "psychosocial.change", Flag.objects.all())
        .select_related("trajectory")
        .filter(public_id=flag_id)
        .first()
    )
    if flag is None:
        raise Http404
    try:
        services.flag_record_action(actor=actor, flag=flag, action_taken=request.POST.get("action_taken", ""))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Actie genoteerd."))
    return redirect(reverse("care:trajectory_detail", args=[flag.trajectory.public_id]))


@login_required
def worklist_section(request):
    """Urgent flags and overdue screenings on the families I coordinate: who and what, never a result."""
    _professional_only(request)
    flags = list(selectors.worklist_urgent(request.actor)[:50])
    overdue = selectors.worklist_overdue(request.actor)
    listed = {f.trajectory_id: f.trajectory for f in flags} | {
        r["trajectory"].pk: r["trajectory"] for r in overdue
    }
    with transaction.atomic():
        audit.record_many(request.actor, "list", listed.values(), detail="screening worklist")
    return render(request, "screening/_worklist_section.html", {"flags": flags, "overdue": overdue})


@login_required
@require_POST
def request_self_screening(request, trajectory_id, instrument):
    """Ask the parent to fill in the EPDS or the Whooley questions in the parents' portal."""
    _professional_only(request)
    trajectory = _trajectory_or_404(request.actor, trajectory_id, "psychosocial")
    try:
        services.screening_request(actor=request.actor, trajectory=trajectory, instrument_code=instrument)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Het gezin vindt de vragenlijst in het ouderportaal."))
    return redirect("care:trajectory_detail", trajectory_id=trajectory.public_id)


def _parent_only(request):
    if not request.actor.is_parent:
        raise Http404


@login_required
def portal_section(request, trajectory_id):
    """In the parents' portal: the questionnaires the team asked them to fill in."""
    _parent_only(request)
    trajectory = _trajectory_or_404(request.actor, trajectory_id)
    if not can(request.actor, "self_screening.fill", trajectory):
        raise Http404
    requests = list(
        ScreeningRequest.objects.filter(trajectory=trajectory, cancelled_at__isnull=True)
        .select_related("requested_by")
        .order_by("-requested_at")[:10]
    )
    names = {code: catalogue.instrument(code).name for code in services.SELF_SCREENING}
    return render(
        request,
        "screening/_portal_section.html",
        {
            "requests": [
                {"request": r, "name": names.get(r.instrument_code, r.instrument_code)} for r in requests
            ],
            # The questionnaire is a self-report: only the person it is about fills it in.
            "fills_in": trajectory.pregnant_person.user_id == request.actor.user_id,
        },
    )


@login_required
def self_screening(request, request_id):
    """The parent fills in the questionnaire the team asked for, on her phone, in her language."""
    _parent_only(request)
    actor = request.actor
    asked = (
        scope(actor, "self_screening.fill", ScreeningRequest.objects.all())
        .select_related("trajectory__pregnant_person")
        .filter(public_id=request_id, trajectory__pregnant_person__user_id=actor.user_id)
        .first()
    )
    if asked is None:
        raise Http404
    instrument = catalogue.instrument(asked.instrument_code)
    language = _language()
    if asked.screening_id:
        return render(request, "screening/self_screening_done.html", {"urgent": False, "already": True})
    refused = _unavailable(request, instrument, language, for_parent=True)
    if refused:
        return refused
    errors: dict = {}
    chosen: dict = {}
    if request.method == "POST":
        chosen = _chosen(request, instrument)
        try:
            screening = services.self_screening_submit(actor=actor, request=asked, answers=chosen)
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from exc
            errors = {key.removeprefix("answers."): msgs for key, msgs in exc.errors.items()} or {
                "general": [str(exc.message)]
            }
        else:
            urgent = screening.flags.filter(level=FlagLevel.URGENT).exists()
            return render(request, "screening/self_screening_done.html", {"urgent": urgent, "already": False})
    return render(
        request,
        "screening/screening_form.html",
        {
            "trajectory": asked.trajectory,
            "instrument": instrument,
            "form": _form(instrument, language, chosen),
            "errors": errors,
            "for_parent": True,
        },
        status=422 if errors else 200,
    )
