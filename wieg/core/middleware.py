import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .inputs import unstorable, unstorable_message
from .problems import TITLES, problem


def _fhir_outcome(status: int, message: str, field: str | None) -> HttpResponse:
    # The shape of wieg.fhir.outcome, written here because core cannot import the FHIR app.
    issue = {"severity": "error", "code": "invalid" if status != 404 else "not-found", "diagnostics": message}
    if field:
        issue["expression"] = [field]
    body = {"resourceType": "OperationOutcome", "issue": [issue]}
    content_type = "application/fhir+json; charset=utf-8"
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=content_type)


def bad_input_response(request, status: int, message: str, field: str | None = None) -> HttpResponse:
    """The error in the channel's own form: problem+json, an OperationOutcome, or a page."""
    if request.path.startswith("/api/"):
        return problem(status, detail=message, errors={field: message} if field else None)
    if request.path.startswith("/fhir/"):
        return _fhir_outcome(status, message, field)
    html = render_to_string(
        "core/bad_input.html",
        {"title": TITLES.get(status, TITLES[400])(), "message": message, "field": field},
    )
    return HttpResponse(html, status=status)


class RejectUnstorableInputMiddleware:
    """A NUL byte (or a lone surrogate) in the path, a query parameter or a form field is a 4xx on every
    channel, with the field named, before any view filters or stores it. Oversized and over-full form
    posts are answered in the channel's form too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if unstorable(request.path):
            return bad_input_response(request, 404, str(TITLES[404]()))
        try:
            field = self._unstorable_field(request)
        except RequestDataTooBig:
            return bad_input_response(request, 413, str(TITLES[413]()))
        except (TooManyFieldsSent, TooManyFilesSent):
            return bad_input_response(request, 400, _("Dit formulier heeft te veel velden."))
        if field is not None:
            return bad_input_response(request, 422, unstorable_message(), field)
        return self.get_response(request)

    @staticmethod
    def _unstorable_field(request) -> str | None:
        sources = [request.GET]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            sources.append(request.POST)
        for data in sources:
            for key, values in data.lists():
                if unstorable(key):
                    return key.replace("\x00", "?")
                if any(unstorable(value) for value in values):
                    return key
        return None


# Every answer of these is about someone's data or a token, whatever the status.
PRIVATE_PREFIXES = ("/api/", "/fhir/")


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store` on everything a signed-in person or a
    token holder gets (pages, htmx fragments, API and FHIR), so that no browser or proxy keeps a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if self._private(request):
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, no_store=True, private=True)
            response["Pragma"] = "no-cache"
        return response

    @staticmethod
    def _private(request) -> bool:
        if request.path.startswith(PRIVATE_PREFIXES) or "Authorization" in request.headers:
            return True
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated
