import pytest

from wieg.care.models import AccessEvent, Consent, Exclusion
from wieg.core.registry import Section, registry

pytestmark = pytest.mark.django_db


def _midwives_consent(world):
    return Consent.objects.active().get(trajectory=world.t, organisation=world.midwives)


def test_parent_withdraws_consent_and_the_professional_loses_access_at_once(world, client, api_client):
    # The midwife reads the file first: she may.
    midwife = client.__class__()
    midwife.force_login(world.member.user)
    assert midwife.get(f"/trajectories/{world.t.public_id}/").status_code == 200

    client.force_login(world.parent_user)
    page = client.get("/portal/consents/")
    assert page.status_code == 200
    assert "Vroedvrouwenpraktijk De Wieg" in page.content.decode()
    consent = _midwives_consent(world)
    response = client.post(f"/portal/consents/{consent.public_id}/withdraw/", {"t": str(world.t.public_id)})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_via == "parent_portal"

    # At once: the page and the API answer 404 to the midwife.
    assert midwife.get(f"/trajectories/{world.t.public_id}/").status_code == 404
    assert (
        api_client.as_user(world.member.user).get(f"/api/v1/trajectories/{world.t.public_id}").status_code
        == 404
    )

    # The parent sees her earlier read in plain words.
    log = client.get("/portal/access-log/").content.decode()
    assert "Sofie Claes" in log
    assert "Vroedvrouwenpraktijk De Wieg" in log
    assert "heeft uw dossier bekeken" in log


def test_parent_gives_consent_again_in_the_portal(world, client):
    _midwives_consent(world).delete()
    client.force_login(world.parent_user)
    response = client.post(
        "/portal/consents/",
        {"organisation": str(world.midwives.public_id), "categories": ["contact", "care_plan"]},
    )
    assert response.status_code == 302
    consent = _midwives_consent(world)
    assert consent.categories == ["contact", "care_plan"]
    assert consent.recorded_via == "parent_portal"


def test_giving_consent_without_a_category_is_a_field_error(world, client):
    client.force_login(world.parent_user)
    response = client.post("/portal/consents/", {"organisation": str(world.midwives.public_id)})
    assert response.status_code == 422
    assert "Kies minstens één ding." in response.content.decode()


def test_parent_cannot_give_consent_to_an_organisation_outside_the_team(world, client):
    client.force_login(world.parent_user)
    response = client.post(
        "/portal/consents/", {"organisation": str(world.ocmw.public_id), "categories": ["contact"]}
    )
    assert response.status_code == 422
    assert not Consent.objects.filter(trajectory=world.t, organisation=world.ocmw).exists()


def test_parent_excludes_a_professional(world, client):
    Exclusion.objects.all().delete()
    excluded = client.__class__()
    excluded.force_login(world.excluded.user)
    assert excluded.get(f"/trajectories/{world.t.public_id}/").status_code == 200
    client.force_login(world.parent_user)
    response = client.post(
        "/portal/exclusions/", {"t": str(world.t.public_id), "professional": str(world.excluded.public_id)}
    )
    assert response.status_code == 302
    assert excluded.get(f"/trajectories/{world.t.public_id}/").status_code == 404


def test_the_coordinator_cannot_be_excluded_from_the_portal(world, client):
    client.force_login(world.parent_user)
    response = client.post("/portal/exclusions/", {"professional": str(world.coordinator.public_id)})
    assert response.status_code == 422
    assert not Exclusion.objects.filter(professional=world.coordinator).exists()


def test_team_page_says_what_each_may_see(world, client):
    client.force_login(world.parent_user)
    html = client.get("/portal/team/").content.decode()
    assert "Els Verhoeven" in html and "Sofie Claes" in html
    midwife = html.split(f'data-professional="{world.member.public_id}"')[1].split("</li>\n  <li")[0]
    assert "medische gegevens" in midwife
    assert "hoe het met u gaat" not in midwife  # no psychosocial consent for the midwives
    gp = html.split(f'data-professional="{world.no_consent.public_id}"')[1]
    assert "Ziet niets" in gp.split("</li>")[0]
    excluded = html.split(f'data-professional="{world.excluded.public_id}"')[1]
    assert "uitgesloten" in excluded.split("</li>")[0]


def test_other_parent_never_sees_our_family(world, client):
    client.force_login(world.other_parent_user)
    for url in ("/portal/", "/portal/team/", "/portal/access-log/", "/portal/consents/"):
        response = client.get(url, {"t": str(world.t.public_id)})
        assert response.status_code == 200
        assert "Els Verhoeven" not in response.content.decode()
    consent = _midwives_consent(world)
    response = client.post(f"/portal/consents/{consent.public_id}/withdraw/", {"t": str(world.t.public_id)})
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_portal_home_loads_sections_from_other_apps_lazily(world, client):
    section = Section("test-plan", "Plan", "network:trajectory_activities", order=1)
    registry.add_section("portal", section)
    try:
        client.force_login(world.parent_user)
        html = client.get("/portal/").content.decode()
    finally:
        registry.sections["portal"].remove(section)
    assert f'hx-get="/network/trajectories/{world.t.public_id}/activities/"' in html
    assert 'hx-trigger="load"' in html


def test_parent_home_is_the_portal(world, client):
    client.force_login(world.parent_user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_portal_reads_are_logged_and_hidden_from_the_parent_unless_asked(world, client):
    client.force_login(world.parent_user)
    client.get("/portal/team/")
    assert AccessEvent.objects.filter(trajectory=world.t, user=world.parent_user, action="read").exists()
    assert "U zelf" not in client.get("/portal/access-log/").content.decode()
    assert "U zelf" in client.get("/portal/access-log/", {"mine": "1"}).content.decode()


def test_access_log_query_count_is_fixed(world, client, django_assert_max_num_queries):
    from wieg.care import audit

    client.force_login(world.parent_user)
    client.get("/portal/")
    with django_assert_max_num_queries(14) as small:
        client.get("/portal/access-log/", {"mine": "1"})
    for _ in range(30):
        audit.record(world.actor("coordinator"), "read", world.t, category="contact")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/portal/access-log/", {"mine": "1"})


def test_our_activities_section_on_the_portal_home(world, client):
    from wieg.network.models import FamilyCentre
    from wieg.network.services import registration_create
    from wieg.network.tests.conftest import make_activity
    from wieg.testing.factories import OrganisationFactory

    centre = FamilyCentre.objects.create(organisation=OrganisationFactory(kind="family_centre"))
    activity = make_activity(centre, title="Babymassage")
    registration_create(actor=world.actor("parent"), activity=activity, trajectory=world.t)
    client.force_login(world.parent_user)
    home = client.get("/portal/").content.decode()
    url = f"/portal/sections/{world.t.public_id}/activities/"
    assert f'hx-get="{url}"' in home
    section = client.get(url, HTTP_HX_REQUEST="true")
    assert "Babymassage" in section.content.decode()
    assert "<html" not in section.content.decode()


def test_parents_get_the_portal_menu_and_professionals_do_not(world, client):
    import re

    client.force_login(world.parent_user)
    parent = set(re.findall(r'data-nav="([a-z_]+)"', client.get("/portal/").content.decode()))
    assert {"portal_home", "portal_team", "portal_consents", "portal_log", "portal_activities"} <= parent
    assert "network" not in parent
    client.force_login(world.coordinator.user)
    nurse = set(re.findall(r'data-nav="([a-z_]+)"', client.get("/network/").content.decode()))
    assert not {n for n in nurse if n.startswith("portal_")}
    assert {"network", "coverage", "activities"} <= nurse
