"""Writing resources: validation against the R4B models, OperationOutcome, responses."""

import json

from django.http import HttpResponse
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from .systems import FHIR_JSON

# DomainError status -> OperationOutcome issue code
ISSUE_CODES = {
    400: "invalid",
    401: "login",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    422: "invalid",
    500: "exception",
}


def validate(resource: dict) -> dict:
    """Every resource the server writes passes the fhir.resources R4B model of its type."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return resource


def fhirpath(loc, root: str = "") -> str:
    """('entry', 0, 'resource', 'birthDate') -> 'Bundle.entry[0].resource.birthDate'."""
    path = root
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def issues_from_validation(exc: ValidationError, root: str) -> list[dict]:
    return [
        issue("structure", error.get("msg", ""), fhirpath(error.get("loc", ()), root))
        for error in exc.errors()
    ]


def issue(code: str, diagnostics: str, expression: str | None = None, severity: str = "error") -> dict:
    result = {"severity": severity, "code": code, "diagnostics": str(diagnostics)}
    if expression:
        result["expression"] = [expression]
    return result


def outcome(issues: list[dict]) -> dict:
    return validate({"resourceType": "OperationOutcome", "issue": issues})


def fhir_response(resource: dict, status: int = 200, **headers) -> HttpResponse:
    response = HttpResponse(
        json.dumps(resource, ensure_ascii=False), status=status, content_type=f"{FHIR_JSON}; charset=utf-8"
    )
    for key, value in headers.items():
        response[key.replace("_", "-")] = value
    return response


def outcome_response(status: int, issues: list[dict], **headers) -> HttpResponse:
    return fhir_response(outcome(issues), status=status, **headers)
