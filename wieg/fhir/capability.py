"""GET /fhir/r4/metadata: what this server does, built from the registry so that it never drifts."""

from django.utils import timezone

from .providers import providers
from .systems import FHIR_JSON


def statement(base: str) -> dict:
    resources = []
    for provider in sorted(providers, key=lambda p: p.resource_type):
        entry = {
            "type": provider.resource_type,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                {
                    "name": p.name,
                    "type": p.type,
                    **({"documentation": p.documentation} if p.documentation else {}),
                }
                for p in provider.search_params
            ],
        }
        if provider.resource_type == "EpisodeOfCare":
            entry["operation"] = [
                {
                    "name": "everything",
                    "definition": "http://hl7.org/fhir/OperationDefinition/EpisodeOfCare-everything",
                }
            ]
        if not entry["searchParam"]:
            entry.pop("searchParam")
        resources.append(entry)
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": timezone.now().date().isoformat(),
        "publisher": "Wieg",
        "kind": "instance",
        "software": {"name": "Wieg"},
        "implementation": {"description": "Wieg FHIR R4 server", "url": base},
        "fhirVersion": "4.0.1",
        "format": [FHIR_JSON, "json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "code": "OAuth",
                                }
                            ]
                        }
                    ],
                    "description": "Bearer token (Authorization: Bearer <token>), as for the API.",
                },
                "resource": resources,
                "interaction": [{"code": "transaction"}],
                "operation": [
                    {
                        "name": "export",
                        "definition": "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export",
                    }
                ],
            }
        ],
    }
