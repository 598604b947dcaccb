"""The team picker offers only who can still be added, defaults the role from the discipline and names the
organisation."""

import pytest

from wieg.care.models import CareTeamMember
from wieg.testing.factories import make_professional

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(world, client):
    client.force_login(world.coordinator.user)
    return client


def test_the_search_offers_only_people_not_yet_on_the_team(world, nurse):
    newcomer = make_professional("newcomer", world.midwives, discipline="midwife", family_name="Claes")
    page = nurse.get(f"/trajectories/{world.t.public_id}/team/").content.decode()
    url = f"/trajectories/{world.t.public_id}/team/candidates/"
    assert f'hx-get="{url}"' in page

    html = nurse.get(url, {"q": "Claes"}).content.decode()
    assert str(newcomer.public_id) in html
    assert str(world.member.public_id) not in html  # Sofie Claes is already on the team
    # The directory's own search still finds her (it is not about a team).
    assert (
        str(world.member.public_id)
        in nurse.get("/directory/professionals/options/", {"q": "Claes"}).content.decode()
    )


def test_the_candidates_of_a_file_one_cannot_manage_are_a_404(world, client):
    client.force_login(world.outsider.user)
    assert client.get(f"/trajectories/{world.t.public_id}/team/candidates/").status_code == 404
    client.force_login(world.member.user)  # on the team, but not the one who manages it
    assert client.get(f"/trajectories/{world.t.public_id}/team/candidates/").status_code == 404


def test_options_name_the_organisation_and_carry_the_discipline(world, nurse):
    newcomer = make_professional("newcomer", world.midwives, discipline="midwife", given_name="Nora")
    html = nurse.get(f"/trajectories/{world.t.public_id}/team/candidates/", {"q": "Nora"}).content.decode()
    assert "Nora Test (vroedvrouw, Vroedvrouwenpraktijk De Wieg)" in html
    assert 'data-discipline="midwife"' in html
    page = nurse.get(f"/trajectories/{world.t.public_id}/team/").content.decode()
    assert "(vroedvrouw, Vroedvrouwenpraktijk De Wieg)" in page
    assert str(newcomer.public_id) in page


@pytest.mark.parametrize(
    ("discipline", "role"),
    [
        ("midwife", "prenatal_care"),
        ("maternity_carer", "maternity_home_care"),
        ("psychologist", "mental_health"),
    ],
)
def test_without_a_chosen_role_the_discipline_decides(world, nurse, discipline, role):
    newcomer = make_professional("newcomer", world.midwives, discipline=discipline)
    response = nurse.post(f"/trajectories/{world.t.public_id}/team/", {"professional": newcomer.public_id})
    assert response.status_code == 302
    assert CareTeamMember.objects.get(trajectory=world.t, professional=newcomer).role == role


def test_a_chosen_role_is_kept(world, nurse):
    newcomer = make_professional("newcomer", world.midwives, discipline="midwife")
    nurse.post(
        f"/trajectories/{world.t.public_id}/team/",
        {"professional": newcomer.public_id, "role": "postnatal_care"},
    )
    assert CareTeamMember.objects.get(trajectory=world.t, professional=newcomer).role == "postnatal_care"


def test_the_role_select_does_not_preselect_prenatal_care(world, nurse):
    page = nurse.get(f"/trajectories/{world.t.public_id}/team/").content.decode()
    assert '<option value="prenatal_care" selected>' not in page
    assert "data-role-by-discipline" in page
