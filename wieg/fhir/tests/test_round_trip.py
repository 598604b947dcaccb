"""Export a trajectory, import it into a database without care data, export again: the same content."""

from wieg.care.models import Family, Trajectory
from wieg.fhir import systems as s
from wieg.fhir.importer import as_transaction
from wieg.fhir.outcome import validate

from .bundles import transaction_bundle


def _everything(fhir, trajectory_id) -> list[dict]:
    response = fhir.get(f"/fhir/r4/EpisodeOfCare/{trajectory_id}/$everything")
    assert response.status_code == 200
    return [e["resource"] for e in validate(response.json())["entry"]]


def _normalised(resources: list[dict]) -> list[dict]:
    """Ids and meta apart: ids become labels by type and position, references follow them."""
    labels, counters = {}, {}
    for r in resources:
        n = counters[r["resourceType"]] = counters.get(r["resourceType"], 0) + 1
        if r["resourceType"] not in ("Organization", "Practitioner", "PractitionerRole"):
            labels[f"{r['resourceType']}/{r['id']}"] = f"{r['resourceType']}#{n}"
    family_ids = {}

    def walk(value, key=None):
        if isinstance(value, dict):
            if value.get("system") == s.SID_FAMILY:
                return {
                    **value,
                    "value": family_ids.setdefault(value["value"], f"family#{len(family_ids) + 1}"),
                }
            return {k: walk(v, k) for k, v in value.items() if k not in ("id", "meta")}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if key == "reference":
            return labels.get(value, value)
        return value

    result = []
    for r in resources:
        r = walk(r)
        if r["resourceType"] == "CareTeam":
            # Team membership starts when the importing professional joins: a new fact, not exported content.
            for participant in r["participant"]:
                participant.pop("period", None)
        result.append(r)
    return result


def test_round_trip(world, fhir):
    fhir.as_user(world.user("coordinator"))
    bundle = transaction_bundle(
        organisation=world.kg, coordinator=world.coordinator, other_organisation=world.midwives
    )
    created = fhir.post("/fhir/r4/", bundle)
    assert created.status_code == 200, created.content
    first_id = created.json()["entry"][2]["response"]["location"].split("/")[1]
    first = _everything(fhir, first_id)
    assert {r["resourceType"] for r in first} >= {
        "Patient",
        "RelatedPerson",
        "EpisodeOfCare",
        "CareTeam",
        "Consent",
        "Organization",
        "Practitioner",
        "PractitionerRole",
    }

    # An empty database: no care data at all, the directory (organisations, professionals) stays.
    Trajectory.objects.all().delete()
    Family.objects.all().delete()
    assert not Trajectory.objects.exists()

    again = fhir.post("/fhir/r4/", as_transaction(first))
    assert again.status_code == 200, again.content
    second_id = again.json()["entry"][2]["response"]["location"].split("/")[1]
    assert second_id != first_id
    second = _everything(fhir, second_id)

    assert _normalised(second) == _normalised(first)
