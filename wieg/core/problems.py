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
