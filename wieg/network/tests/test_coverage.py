import pytest

from wieg.core.models import Municipality
from wieg.network import selectors
from wieg.network.models import FamilyCentre

from .conftest import GHENT_AREA

pytestmark = pytest.mark.django_db


def test_reference_data_has_285_flemish_and_19_brussels_municipalities():
    cov = selectors.coverage()
    assert cov.total == 304
    brussels = next(p for p in cov.provinces if p.key == "brussels")
    assert brussels.total == 19
    assert sum(p.total for p in cov.provinces if p.key != "brussels") == 285


def test_coverage_is_computed_from_the_centres(net):
    cov = selectors.coverage()
    assert cov.covered == len(GHENT_AREA) + 1  # Ghent area and Bruges
    covered = {m.nis_code for p in cov.provinces for m in p.covered}
    assert covered == set(GHENT_AREA) | {"31005"}
    east_flanders = next(p for p in cov.provinces if p.key == "40000")
    assert "44021" in {m.nis_code for m in east_flanders.covered}
    assert "41002" in {m.nis_code for m in east_flanders.uncovered}  # Aalst: known to be uncovered here


def test_an_inactive_centre_covers_nothing(net):
    FamilyCentre.objects.filter(pk=net.other_centre.pk).update(active=False)
    covered = {m.nis_code for p in selectors.coverage().provinces for m in p.covered}
    assert "31005" not in covered


def test_a_closed_municipality_is_not_counted(net):
    Municipality.objects.filter(nis_code="41002").update(valid_to="2020-01-01")
    assert selectors.coverage().total == 303


def test_page_and_api_agree(net, client):
    api = client.get("/api/v1/coverage").json()
    page = client.get("/network/coverage/")
    assert page.status_code == 200
    html = page.content.decode()
    assert api["total"] == 304
    assert api["covered"] == len(GHENT_AREA) + 1
    assert f'<th id="covered">{api["covered"]}</th>' in html
    assert f'<th id="uncovered">{api["uncovered"]}</th>' in html
    for province in api["provinces"]:
        assert f'data-province="{province["key"]}"' in html
        for m in province["uncovered_municipalities"]:
            assert f'data-uncovered="{m["nis_code"]}"' in html
    # The picture: one tile per municipality, coloured by the same data.
    assert html.count('class="covered" data-nis=') == api["covered"]
    assert html.count('class="uncovered" data-nis=') == api["uncovered"]


def test_coverage_query_count_does_not_grow_with_centres(net, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        selectors.coverage()
