"""A transaction Bundle as another system would send it, for the import tests."""

import datetime as dt
import uuid

from django.utils import timezone
from stdnum.be import nn

from wieg.fhir import systems as s


def ssin(birth: dt.date, serial: int = 123) -> str:
    """A valid Belgian national number for a birth date (mod-97 check digits)."""
    for n in range(serial, serial + 200, 2):
        candidate = f"{birth:%y%m%d}{n:03d}"
        for check in range(100):
            if nn.is_valid(f"{candidate}{check:02d}"):
                return f"{candidate}{check:02d}"
    raise ValueError(birth)


def transaction_bundle(*, organisation, coordinator, other_organisation=None) -> dict:
    patient, partner, episode, consent, consent2 = (f"urn:uuid:{uuid.uuid4()}" for _ in range(5))
    due = timezone.localdate() + dt.timedelta(weeks=20)
    entries = [
        (
            patient,
            {
                "resourceType": "Patient",
                "identifier": [{"use": "official", "system": s.SSIN, "value": ssin(dt.date(1993, 2, 11))}],
                "name": [{"use": "official", "family": "Wouters", "given": ["Hanne"]}],
                "gender": "female",
                "birthDate": "1993-02-11",
                "address": [
                    {
                        "use": "home",
                        "city": "Gent",
                        "country": "BE",
                        "extension": [{"url": s.EXT_MUNICIPALITY, "valueCode": "44021"}],
                    }
                ],
                "communication": [
                    {"language": {"coding": [{"system": s.BCP47, "code": "fr"}]}, "preferred": True}
                ],
                "extension": [{"url": s.INTERPRETER_REQUIRED, "valueBoolean": True}],
            },
        ),
        (
            partner,
            {
                "resourceType": "RelatedPerson",
                "patient": {"reference": patient},
                "relationship": [{"coding": [{"system": s.V3_ROLE_CODE, "code": "SIGOTHR"}]}],
                "name": [{"family": "Janssens", "given": ["Tom"]}],
                "gender": "male",
                "birthDate": "1990-07-01",
            },
        ),
        (
            episode,
            {
                "resourceType": "EpisodeOfCare",
                "status": "active",
                "patient": {"reference": patient},
                "managingOrganization": {"reference": f"Organization/{organisation.public_id}"},
                "careManager": {"reference": f"Practitioner/{coordinator.public_id}"},
                "extension": [
                    {"url": s.EXT_DUE_DATE, "valueDate": due.isoformat()},
                    {"url": s.EXT_PARITY, "valueCode": "multiparous"},
                    {"url": s.EXT_PLURALITY, "valuePositiveInt": 2},
                    {"url": s.EXT_RISK_LEVEL, "valueCode": "raised"},
                ],
            },
        ),
        (
            consent,
            _consent(
                patient,
                episode,
                f"Organization/{organisation.public_id}",
                ["contact", "care_plan", "medical", "psychosocial"],
            ),
        ),
    ]
    if other_organisation is not None:
        entries.append(
            (
                consent2,
                _consent(
                    patient, episode, f"Organization/{other_organisation.public_id}", ["contact", "care_plan"]
                ),
            )
        )
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": url,
                "resource": resource,
                "request": {"method": "POST", "url": resource["resourceType"]},
            }
            for url, resource in entries
        ],
    }


def _consent(patient, episode, subject, categories):
    return {
        "resourceType": "Consent",
        "status": "active",
        "extension": [{"url": s.EXT_RECORDED_VIA, "valueCode": "signed_form"}],
        "scope": s.concept(s.CONSENT_SCOPE, "patient-privacy"),
        "category": [s.concept(s.LOINC, "59284-0")],
        "patient": {"reference": patient},
        "dateTime": (timezone.now() - dt.timedelta(days=3)).isoformat(),
        "policyRule": s.concept(s.V3_ACT_CODE, "OPTIN"),
        "provision": {
            "type": "permit",
            "actor": [{"role": s.concept(s.V3_PARTICIPATION, "IRCP"), "reference": {"reference": subject}}],
            "code": [s.concept(s.CS_CATEGORY, c) for c in categories],
            "data": [{"meaning": "related", "reference": {"reference": episode}}],
        },
    }
