"""Canonical URLs of the identifier systems, code systems and extensions Wieg writes and reads.

Belgian systems come from the eHealth FHIR core profiles; the others are Wieg's own, under one base.
"""

SSIN = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin"
NIHDI = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/nihdi"
BCP47 = "urn:ietf:bcp:47"
LOINC = "http://loinc.org"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"
V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
V3_PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
INTERPRETER_REQUIRED = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired"

BASE = "https://wieg.be/fhir"
CS_FAMILY_ROLE = f"{BASE}/CodeSystem/family-role"
CS_CATEGORY = f"{BASE}/CodeSystem/information-category"
CS_TEAM_ROLE = f"{BASE}/CodeSystem/care-team-role"
CS_ORGANISATION_KIND = f"{BASE}/CodeSystem/organisation-kind"
CS_DISCIPLINE = f"{BASE}/CodeSystem/discipline"
CS_MEMBERSHIP_ROLE = f"{BASE}/CodeSystem/membership-role"
CS_EPISODE_TYPE = f"{BASE}/CodeSystem/episode-type"
CS_PARITY = f"{BASE}/CodeSystem/parity"
CS_RISK_LEVEL = f"{BASE}/CodeSystem/risk-level"
CS_CLOSED_REASON = f"{BASE}/CodeSystem/closed-reason"
CS_RECORDED_VIA = f"{BASE}/CodeSystem/recorded-via"
SID_FAMILY = f"{BASE}/sid/family"

EXT_MUNICIPALITY = f"{BASE}/StructureDefinition/municipality-nis-code"
EXT_FAMILY_ROLE = f"{BASE}/StructureDefinition/family-role"
EXT_FAMILY = f"{BASE}/StructureDefinition/family"
# False: calling or writing could put this person at risk; telecom and the street address are left out.
EXT_SAFE_TO_CONTACT = f"{BASE}/StructureDefinition/safe-to-contact"
EXT_DUE_DATE = f"{BASE}/StructureDefinition/due-date"
EXT_PARITY = f"{BASE}/StructureDefinition/parity"
EXT_PLURALITY = f"{BASE}/StructureDefinition/plurality"
EXT_RISK_LEVEL = f"{BASE}/StructureDefinition/risk-level"
EXT_PLANNED_END = f"{BASE}/StructureDefinition/day-1000"
EXT_BIRTH_DATE = f"{BASE}/StructureDefinition/birth-date"
EXT_CHILD = f"{BASE}/StructureDefinition/child"
EXT_GESTATIONAL_AGE = f"{BASE}/StructureDefinition/gestational-age-weeks"
EXT_NICU = f"{BASE}/StructureDefinition/nicu-admission"
EXT_NICU_STAY = f"{BASE}/StructureDefinition/nicu-stay"
EXT_CLOSED_REASON = f"{BASE}/StructureDefinition/closed-reason"
EXT_RECORDED_VIA = f"{BASE}/StructureDefinition/recorded-via"

FHIR_JSON = "application/fhir+json"
FHIR_NDJSON = "application/fhir+ndjson"


def coding(system: str, code: str, display: str | None = None) -> dict:
    result = {"system": system, "code": code}
    if display:
        result["display"] = str(display)
    return result


def concept(system: str, code: str, display: str | None = None) -> dict:
    return {"coding": [coding(system, code, display)]}


def code_in(concepts, system: str) -> str | None:
    """The first code of `system` in a CodeableConcept (dict) or a list of them."""
    if isinstance(concepts, dict):
        concepts = [concepts]
    for item in concepts or []:
        for c in (item or {}).get("coding", []) or []:
            if c.get("system") == system and c.get("code"):
                return c["code"]
    return None


def extension_value(resource: dict, url: str, key: str):
    for ext in resource.get("extension", []) or []:
        if ext.get("url") == url:
            return ext.get(key)
    return None
