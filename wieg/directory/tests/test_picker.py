"""The professional pick-list stays short at Flemish scale: a search box, the first matches, the choice."""

import re

import pytest
from django.urls import reverse

from wieg.care.models import CareTeamMember
from wieg.directory.widgets import SHOWN
from wieg.testing.factories import make_professional
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded(world):
    """More professionals than a pick-list shows, sorted after the world's own (family name Zz...)."""
    for i in range(SHOWN + 15):
        make_professional(f"pro{i}", world.kg, given_name=f"Pro{i}", family_name=f"Zzpicker{i:03d}")
    return world


def _options(html: str, select_name: str) -> list[str]:
    select = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_team_page_shows_a_short_list_with_a_search_box(client, crowded):
    client.force_login(crowded.user("coordinator"))
    html = client.get(reverse("care:team", args=[crowded.t.public_id])).content.decode()
    assert 'class="picker-search"' in html and reverse("directory:professional_options") in html
    options = [v for v in _options(html, "professional") if v]
    assert 0 < len(options) <= SHOWN


def test_a_professional_beyond_the_first_matches_can_be_found_and_added(client, crowded):
    client.force_login(crowded.user("coordinator"))
    last = f"Zzpicker{SHOWN + 14:03d}"
    found = client.get(reverse("directory:professional_options"), {"q": f"pro{SHOWN + 14} {last.lower()}"})
    assert found.status_code == 200
    values = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', found.content.decode())
    assert len(values) == 1 and last in values[0][1]
    page = client.get(reverse("care:team", args=[crowded.t.public_id])).content.decode()
    assert values[0][0] not in _options(page, "professional")  # not among the first shown
    response = client.post(
        reverse("care:team", args=[crowded.t.public_id]),
        {"professional": values[0][0], "role": "other"},
    )
    assert response.status_code in (200, 302)
    assert CareTeamMember.objects.filter(trajectory=crowded.t, professional__family_name=last).exists()


def test_search_matches_every_word_and_says_when_nothing_matches(client, crowded):
    client.force_login(crowded.user("member"))
    url = reverse("directory:professional_options")
    many = client.get(url, {"q": "zzpicker"}).content.decode()
    assert many.count('<option value="') == SHOWN + 1  # the prompt and the first matches
    assert f"({SHOWN}+)" in many
    none = client.get(url, {"q": "zzpicker nobody"}).content.decode()
    assert re.findall(r'<option value="([^"]*)"', none) == [""]
    assert "Geen zorgverlener met die naam" in none


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_professionals_search_the_directory(client, crowded, persona):
    client.force_login(crowded.user(persona))
    response = client.get(reverse("directory:professional_options"), {"q": "zz"})
    professional = persona in {"coordinator", "member", "no_consent", "excluded", "outsider"}
    assert response.status_code == (200 if professional else 404)


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(reverse("directory:professional_options"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_a_name_fills_the_pick_list_in_a_browser(page, login, live_server):
    from wieg.testing.factories import OrganisationFactory, make_trajectory

    kg = OrganisationFactory(name="Kind en Gezin Gent-Centrum", kind="kg_team")
    nurse = make_professional("nurse", kg, given_name="Els", family_name="Verhoeven")
    trajectory = make_trajectory(nurse, kg)
    for i in range(SHOWN + 5):
        make_professional(f"pro{i}", kg, given_name=f"Pro{i}", family_name=f"Aapicker{i:03d}")
    wanted = f"Aapicker{SHOWN + 4:03d}"

    login("nurse")
    page.goto(f"{live_server.url}{reverse('care:team', args=[trajectory.public_id])}")
    form = page.locator("#team-add-form")
    assert form.locator(f"select[name=professional] option:has-text('{wanted}')").count() == 0
    form.locator("input.picker-search").fill(wanted)
    form.locator(f"select[name=professional] option:has-text('{wanted}')").wait_for(state="attached")
    form.locator("select[name=professional]").select_option(
        label=f"Pro{SHOWN + 4} {wanted} (verpleegkundige, Kind en Gezin Gent-Centrum)"
    )
    form.locator("select[name=role]").select_option("child_health")
    form.locator("button[type=submit]").click()
    page.locator(f"#team-panel td:has-text('{wanted}')").first.wait_for()
    assert CareTeamMember.objects.filter(trajectory=trajectory, professional__family_name=wanted).exists()
