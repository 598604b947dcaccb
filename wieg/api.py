"""The JSON API v1: one NinjaAPI, one router per app, bearer tokens, problem+json for every error."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import connection
from django.http import Http404
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from wieg.accounts.models import ApiToken
from wieg.core.errors import DomainError
from wieg.core.problems import field_path, problem
from wieg.directory.actors import actor_for
from wieg.directory.models import Organisation


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; `X-Wieg-Organisation: <uuid>` picks the active organisation."""

    def authenticate(self, request, token):
        api_token = ApiToken.objects.authenticate(token)
        if api_token is None:
            return None
        user = api_token.user
        organisation_id = None
        wanted = request.headers.get("X-Wieg-Organisation")
        if wanted:
            organisation_id = (
                Organisation.objects.filter(public_id=wanted).values_list("pk", flat=True).first()
            )
        request.user = user
        request.actor = actor_for(user, organisation_id=organisation_id, channel="api")
        translation.activate(request.headers.get("Accept-Language", "")[:2] or user.preferred_language)
        return user


api = NinjaAPI(
    title="Wieg API",
    version="1",
    urls_namespace="api-v1",
    auth=BearerToken(),
    description="The first 1000 days: families, trajectories, care teams, consent and the access log.",
)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc):
    errors = {}
    for error in exc.errors:
        errors.setdefault(field_path(error.get("loc", ())), []).append(error.get("msg", ""))
    return problem(422, errors=errors)


@api.exception_handler(DomainError)
def on_domain_error(request, exc):
    return problem(exc.status, detail=str(exc.message), errors=exc.errors or None)


@api.exception_handler(ObjectDoesNotExist)
def on_missing(request, exc):
    return problem(404)


@api.exception_handler(Http404)
def on_404(request, exc):
    return problem(404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return problem(404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    response = problem(401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return problem(exc.status_code, detail=str(exc))


@api.get("/health", auth=None, tags=["system"])
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - health reports, never raises
        database = "unavailable"
    return {
        "status": "ok" if database == "ok" else "degraded",
        "database": database,
        "version": api.version,
        "database_vendor": connection.vendor,
    }


def _register_routers():
    from importlib import import_module

    for app in (
        "accounts",
        "directory",
        "care",
        "pathways",
        "screening",
        "referrals",
        "booklets",
        "network",
        "portal",
        "monitoring",
        "fhir",
    ):
        try:
            module = import_module(f"wieg.{app}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"wieg.{app}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("/", router)


_register_routers()
