"""RFC 9457 problem details for the API: type, title, status, detail, and `errors` with field paths."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: lambda: _("Ongeldige aanvraag."),
    401: lambda: _("Aanmelden is nodig."),
    403: lambda: _("Niet toegestaan."),
    404: lambda: _("Niet gevonden."),
    405: lambda: _("Deze methode is niet toegestaan."),
    409: lambda: _("Dit botst met wat al geregistreerd is."),
    413: lambda: _("De aanvraag is te groot."),
    415: lambda: _("Dit inhoudstype wordt niet aanvaard."),
    422: lambda: _("De gegevens zijn niet geldig."),
    429: lambda: _("Te veel aanvragen."),
    500: lambda: _("Er liep iets mis aan onze kant."),
}

SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "content-too-large",
    415: "unsupported-media-type",
    422: "validation",
    429: "too-many-requests",
    500: "server-error",
}


def problem(
    status: int, detail: str = "", errors: dict | None = None, title: str | None = None
) -> HttpResponse:
    body = {
        "type": f"urn:wieg:problem:{SLUGS.get(status, 'error')}",
        "title": str(title or TITLES.get(status, TITLES[400])()),
        "status": status,
        "detail": str(detail or title or TITLES.get(status, TITLES[400])()),
    }
    if errors:
        body["errors"] = [
            {"field": field, "message": str(message)}
            for field, messages in errors.items()
            for message in (messages if isinstance(messages, list | tuple) else [messages])
        ]
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_CONTENT_TYPE
    )


def field_path(loc) -> str:
    """('body', 'payload', 'members', 0, 'national_number') -> 'members.0.national_number'."""
    parts = [str(p) for p in loc]
    while parts and parts[0] in {
        "body",
        "query",
        "path",
        "header",
        "cookie",
        "form",
        "payload",
        "data",
        "filters",
    }:
        parts = parts[1:]
    return ".".join(parts) or "body"


# pydantic's error types -> a message in the user's language; other types keep pydantic's English text.
_MESSAGES = {
    "missing": lambda ctx: _("Dit veld is verplicht."),
    "int_parsing": lambda ctx: _("Geef een geheel getal."),
    "int_type": lambda ctx: _("Geef een geheel getal."),
    "int_from_float": lambda ctx: _("Geef een geheel getal."),
    "bool_parsing": lambda ctx: _("Geef true of false."),
    "bool_type": lambda ctx: _("Geef true of false."),
    "string_type": lambda ctx: _("Geef tekst."),
    "uuid_parsing": lambda ctx: _("Geef een geldige UUID."),
    "uuid_type": lambda ctx: _("Geef een geldige UUID."),
    "date_parsing": lambda ctx: _("Geef een geldige datum als JJJJ-MM-DD."),
    "date_from_datetime_parsing": lambda ctx: _("Geef een geldige datum als JJJJ-MM-DD."),
    "date_type": lambda ctx: _("Geef een geldige datum als JJJJ-MM-DD."),
    "greater_than_equal": lambda ctx: _("Minstens %(n)s.") % {"n": ctx.get("ge")},
    "greater_than": lambda ctx: _("Meer dan %(n)s.") % {"n": ctx.get("gt")},
    "less_than_equal": lambda ctx: _("Hoogstens %(n)s.") % {"n": ctx.get("le")},
    "less_than": lambda ctx: _("Minder dan %(n)s.") % {"n": ctx.get("lt")},
    "string_too_short": lambda ctx: _("Minstens %(n)s tekens.") % {"n": ctx.get("min_length")},
    "string_too_long": lambda ctx: _("Hoogstens %(n)s tekens.") % {"n": ctx.get("max_length")},
    "too_short": lambda ctx: _("Minstens %(n)s elementen.") % {"n": ctx.get("min_length")},
    "too_long": lambda ctx: _("Hoogstens %(n)s elementen.") % {"n": ctx.get("max_length")},
    "literal_error": lambda ctx: _("Kies een van: %(choices)s.") % {"choices": ctx.get("expected")},
    "enum": lambda ctx: _("Kies een van: %(choices)s.") % {"choices": ctx.get("expected")},
}


def validation_message(error: dict) -> str:
    """One pydantic error as a sentence in the active language."""
    message = _MESSAGES.get(error.get("type", ""))
    return str(message(error.get("ctx") or {})) if message else str(error.get("msg", ""))


# The problem document as the OpenAPI document declares it (components.schemas.Problem).
PROBLEM_SCHEMA = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details; `errors` names each field that is wrong.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "examples": ["urn:wieg:problem:validation"]},
        "title": {"type": "string"},
        "status": {"type": "integer", "enum": sorted(SLUGS)},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
