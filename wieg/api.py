"""The JSON API v1: one NinjaAPI, one router per app, bearer tokens, problem+json for every error."""

import uuid

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.db import connection
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from wieg.accounts.models import ApiToken
from wieg.core.errors import BadRequest, DomainError
from wieg.core.inputs import parse_json
from wieg.core.problems import PROBLEM_CONTENT_TYPE, PROBLEM_SCHEMA, field_path, problem, validation_message
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
            try:
                wanted = uuid.UUID(wanted)
            except ValueError:
                raise BadRequest(
                    _("X-Wieg-Organisation is de UUID van een organisatie."), field="X-Wieg-Organisation"
                ) from None
            organisation_id = (
                Organisation.objects.filter(public_id=wanted).values_list("pk", flat=True).first()
            )
        request.user = user
        request.actor = actor_for(user, organisation_id=organisation_id, channel="api")
        translation.activate(request.headers.get("Accept-Language", "")[:2] or user.preferred_language)
        return user


class JsonParser(Parser):
    """JSON only with a JSON content type; malformed, too deeply nested or unstorable input is refused."""

    def parse_body(self, request):
        return parse_json(request.body, request.content_type)


# Every operation can answer these; the document says so, with the problem+json schema.
COMMON_PROBLEMS = {
    "400": "Bad request: unreadable or too deeply nested JSON, a malformed header.",
    "401": "Authentication required (Authorization: Bearer <token>).",
    "404": "Not found, or not yours to see: the two look the same.",
    "422": "Invalid input: `errors` names each field.",
}
BODY_PROBLEMS = {
    "409": "Conflicts with what is already recorded.",
    "413": "The request body is too large.",
    "415": "JSON only (Content-Type: application/json).",
}


class WiegApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem_content = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                expected = dict(COMMON_PROBLEMS)
                if not operation.get("security"):
                    expected.pop("401")
                if "requestBody" in operation:
                    expected.update(BODY_PROBLEMS)
                responses = operation.setdefault("responses", {})
                for status, description in expected.items():
                    responses.setdefault(status, {"description": description, "content": problem_content})
        return schema


api = WiegApi(
    title="Wieg API",
    version="1",
    urls_namespace="api-v1",
    auth=BearerToken(),
    description="The first 1000 days: families, trajectories, care teams, consent and the access log.",
    parser=JsonParser(),
)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc):
    errors = {}
    for error in exc.errors:
        errors.setdefault(field_path(error.get("loc", ())), []).append(validation_message(error))
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
    # django-ninja wraps every error of the body parser in a 400: ours say what is wrong.
    if isinstance(exc.__cause__, DomainError):
        return on_domain_error(request, exc.__cause__)
    return problem(exc.status_code, detail=str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_large(request, exc):
    return problem(413)


@api.get("/health", auth=None, tags=["system"])
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - health reports, never raises
        database = "unavailable"
    # Nothing about the software or the database behind it: that only helps an attacker.
    return {"status": "ok" if database == "ok" else "degraded", "database": database}


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
