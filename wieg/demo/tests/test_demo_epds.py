"""The EPDS in the demo data, as a receiving system reads it over FHIR: for every EPDS, the scores of the
chosen answers add up to the total Observation, and the parent has one to fill in herself."""

import pytest

from wieg.care.models import Trajectory
from wieg.demo.tests.test_seed_demo import seed
from wieg.fhir.context import Context
from wieg.fhir.outcome import validate
from wieg.fhir.providers import providers
from wieg.fhir.providers.screening import ORDINAL_VALUE
from wieg.screening.models import Screening, ScreeningRequest

pytestmark = pytest.mark.django_db


def _ordinal(coding) -> float:
    return next(e["valueDecimal"] for e in coding["extension"] if e["url"] == ORDINAL_VALUE)


def test_every_demo_epds_adds_up_over_fhir():
    seed()
    epds = Screening.objects.filter(instrument__code="epds")
    assert epds.count() >= 3 and epds.filter(flags__code="epds_self_harm").exists()
    ctx = Context(actor=None, base_url="http://testserver")
    trajectories = Trajectory.objects.all()
    responses = {
        r["id"]: r
        for r in providers.get("QuestionnaireResponse").export(trajectories, ctx)
        if r["questionnaire"].startswith("https://wieg.be/fhir/Questionnaire/epds|")
    }
    totals = [
        validate(o)
        for o in providers.get("Observation").export(trajectories, ctx)
        if o["code"]["coding"][0]["code"] == "71354-5"
    ]
    assert len(responses) == len(totals) == epds.count()
    for total in totals:
        response = responses[total["derivedFrom"][0]["reference"].split("/", 1)[1]]
        answers = [item["answer"][0]["valueCoding"] for item in response["item"]]
        assert len(answers) == 10
        assert sum(_ordinal(a) for a in answers) == total["valueInteger"]
        assert total["valueInteger"] == Screening.objects.get(public_id=response["id"]).score
    # The demo parent was asked to fill in an EPDS herself.
    assert ScreeningRequest.objects.filter(
        instrument_code="epds", screening__isnull=True, trajectory__pregnant_person__user__username="parent"
    ).exists()
