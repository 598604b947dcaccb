"""The FHIR R4 endpoints: read, search, $everything, metadata, transaction import and bulk export.

Views are thin: the registry's providers map the domain, the care policy decides what is visible,
wieg.care.audit records every read, wieg.care.services do every write.
"""

import functools
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wieg.care import audit
from wieg.care.models import Trajectory
from wieg.care.policies import visible_categories
from wieg.core.errors import DomainError, InvalidInput
from wieg.core.inputs import parse_json
from wieg.core.pagination import MAX_OFFSET

from . import capability, importer
from .auth import authenticate
from .context import Context
from .outcome import ISSUE_CODES, fhir_response, issue, outcome_response, validate
from .providers import providers

DEFAULT_COUNT = 50
MAX_COUNT = 500


def base_url(request) -> str:
    return request.build_absolute_uri(reverse("fhir:root")).rstrip("/")


def fhir_view(methods=("GET",), auth=True):
    """Authentication, OperationOutcome for every error, and no 500 for bad input."""

    def decorator(view):
        @csrf_exempt
        @require_http_methods(list(methods))
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if auth and authenticate(request) is None:
                return outcome_response(
                    401, [issue("login", _("Aanmelden is nodig."))], WWW_Authenticate="Bearer"
                )
            try:
                return view(request, *args, **kwargs)
            except DomainError as exc:
                if getattr(exc, "issues", None):
                    return outcome_response(exc.status, exc.issues)
                issues = [
                    issue(ISSUE_CODES.get(exc.status, "invalid"), message, field)
                    for field, messages in exc.errors.items()
                    for message in messages
                ]
                return outcome_response(
                    exc.status, issues or [issue(ISSUE_CODES.get(exc.status, "invalid"), exc.message)]
                )
            except (ObjectDoesNotExist, ValidationError):
                return not_found()
            except RequestDataTooBig:
                return outcome_response(413, [issue("too-long", _("De aanvraag is te groot."))])

        return wrapper

    return decorator


def not_found():
    return outcome_response(404, [issue("not-found", _("Niet gevonden."))])


def _provider_or_404(resource_type):
    provider = providers.get(resource_type)
    if provider is None:
        return None
    return provider


@fhir_view(auth=False)
def metadata(request):
    return fhir_response(validate(capability.statement(base_url(request))))


@fhir_view()
def read(request, resource_type: str, resource_id: str):
    provider = _provider_or_404(resource_type)
    if provider is None:
        return outcome_response(
            404, [issue("not-supported", _("Onbekend resourcetype: %(t)s.") % {"t": resource_type})]
        )
    actor = request.actor
    ctx = Context(actor=actor, base_url=base_url(request))
    with transaction.atomic():
        obj = provider.get(provider.visible(actor, ctx), resource_id)
        resource = validate(provider.to_fhir(obj, ctx))
        if provider.category:
            audit.record(
                actor,
                "read",
                obj,
                category=provider.category,
                detail=f"FHIR {resource_type}",
                **provider.audit_target(obj),
            )
    return fhir_response(resource)


def _paging(request):
    try:
        count = int(request.GET.get("_count", DEFAULT_COUNT))
        offset = int(request.GET.get("_offset", 0))
    except ValueError:
        raise InvalidInput(_("_count en _offset zijn gehele getallen."), field="_count") from None
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(
            _("Minstens %(n)s.") % {"n": 0} if offset < 0 else _("Hoogstens %(n)s.") % {"n": MAX_OFFSET},
            field="_offset",
        )
    # A FHIR server may return fewer than _count asks (R4 3.1.1.5.7): clamped, not refused.
    return max(0, min(count, MAX_COUNT)), offset


@fhir_view()
def search(request, resource_type: str):
    provider = _provider_or_404(resource_type)
    if provider is None:
        return outcome_response(
            404, [issue("not-supported", _("Onbekend resourcetype: %(t)s.") % {"t": resource_type})]
        )
    actor = request.actor
    ctx = Context(actor=actor, base_url=base_url(request))
    count, offset = _paging(request)
    params = {k: request.GET.getlist(k) for k in request.GET}
    with transaction.atomic():
        qs = provider.search(provider.visible(actor, ctx), params)
        total = qs.count()
        qs = qs if qs.ordered else qs.order_by("pk")
        objs = list(qs[offset : offset + count]) if count else []
        entries = []
        for obj in objs:
            resource = validate(provider.to_fhir(obj, ctx))
            entries.append(
                {
                    "fullUrl": ctx.full_url(resource_type, resource["id"]),
                    "resource": resource,
                    "search": {"mode": "match"},
                }
            )
        if provider.category and total:
            # A count is a read too: `_count=0` logs every family it counted, a page the families shown.
            audit.record_many(
                actor,
                "search",
                provider.trajectories_of(objs) if objs else list(provider.trajectories_matching(qs)),
                category=provider.category,
                detail=f"FHIR {resource_type} search" if objs else f"FHIR {resource_type} count",
            )
    self_url = f"{ctx.base_url}/{resource_type}"
    query = {k: v for k, v in request.GET.lists() if k != "_offset"}
    links = [{"relation": "self", "url": f"{self_url}?{urlencode(query, doseq=True)}" if query else self_url}]
    if offset + count < total:
        links.append(
            {
                "relation": "next",
                "url": f"{self_url}?{urlencode({**query, '_offset': offset + count}, doseq=True)}",
            }
        )
    bundle = {"resourceType": "Bundle", "type": "searchset", "total": total, "link": links, "entry": entries}
    if not entries:
        bundle.pop("entry")
    return fhir_response(validate(bundle))


@fhir_view()
def everything(request, resource_id: str):
    """EpisodeOfCare/{id}/$everything: the trajectory and all it refers to that the actor may see."""
    actor = request.actor
    episodes = providers.get("EpisodeOfCare")
    ctx = Context(actor=actor, base_url=base_url(request))
    with transaction.atomic():
        trajectory = episodes.get(episodes.visible(actor, ctx), resource_id)
        categories = visible_categories(actor, trajectory)
        ctx.extras["medical"] = "medical" in categories
        only_this = Trajectory.objects.filter(pk=trajectory.pk)
        entries = []
        read = set()
        for provider in providers:
            if not provider.readable_by(actor):
                continue
            # Exactly the rows a read or search of this type gives the actor, restricted to the trajectory:
            # one rule for every channel (a parent gets their own self-screenings, not the team's).
            rows = provider.visible(actor, ctx).filter(
                pk__in=provider.for_trajectories(only_this).values("pk")
            )
            for obj in rows.order_by("pk"):
                resource = validate(provider.to_fhir(obj, ctx))
                entries.append(
                    {
                        "fullUrl": ctx.full_url(provider.resource_type, resource["id"]),
                        "resource": resource,
                        "search": {"mode": "match"},
                    }
                )
                if provider.category:
                    read.add(provider.category)
        for category in sorted(read):
            audit.record(
                actor, "read", trajectory, category=category, detail="FHIR EpisodeOfCare/$everything"
            )
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(entries),
        "link": [{"relation": "self", "url": f"{ctx.base_url}/EpisodeOfCare/{resource_id}/$everything"}],
        "entry": entries,
    }
    return fhir_response(validate(bundle))


@fhir_view(methods=("POST",))
def transaction_bundle(request):
    """POST / with a transaction Bundle: Patient + EpisodeOfCare + Consent -> a family and a trajectory."""
    body = parse_json(request.body or b"null", request.content_type, check_type=bool(request.body))
    ctx = Context(actor=request.actor, base_url=base_url(request))
    result = importer.import_bundle(request.actor, body, ctx)
    return fhir_response(validate(result), status=200)


@fhir_view(methods=("GET", "POST", "PUT", "PATCH", "DELETE"))
def unsupported(request, *args, **kwargs):
    return outcome_response(405, [issue("not-supported", _("Deze interactie wordt niet ondersteund."))])
