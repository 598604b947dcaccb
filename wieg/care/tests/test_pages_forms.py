"""The care forms: one-step family creation, search, team and consent forms, bad input never a 500."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.care.models import AccessEvent, CareTeamMember, Consent, Family, Person, Trajectory
from wieg.testing.factories import make_professional

pytestmark = pytest.mark.django_db

# Valid Belgian national numbers (mod-97), born before and after 2000, and a BIS number.
VALID_NN = "85073003328"
VALID_NN_2000 = "00012556777"
VALID_BIS = "85273003371"
BAD_CHECKSUM = "85073003329"


def _family_data(**overrides):
    data = {
        "municipality": "44021",
        "preferred_language": "nl",
        "given_name": "Lotte",
        "family_name": "Janssens",
        "birth_date": "1994-03-02",
        "national_number": "",
        "co_sex": "unknown",
        "due_date": (timezone.localdate() + dt.timedelta(weeks=20)).isoformat(),
        "parity": "nulliparous",
        "plurality": "1",
        "risk_level": "low",
        "consent_categories": ["contact", "care_plan"],
        "recorded_via": "verbal",
    }
    data.update(overrides)
    return data


def _counts():
    return (
        Family.objects.count(),
        Person.objects.count(),
        Trajectory.objects.count(),
        Consent.objects.count(),
    )


@pytest.fixture
def nurse(world, client):
    client.force_login(world.coordinator.user)
    return client


def test_new_family_creates_family_trajectory_consent_in_one_step(world, nurse):
    response = nurse.post(
        "/families/new/",
        _family_data(national_number=VALID_NN, co_given_name="Tom", co_family_name="Peeters", co_sex="male"),
    )
    assert response.status_code == 302
    trajectory = Trajectory.objects.get(pregnant_person__national_number=VALID_NN)
    assert response["Location"] == f"/trajectories/{trajectory.public_id}/"
    assert trajectory.family.members.count() == 2
    consent = Consent.objects.get(trajectory=trajectory)
    assert consent.organisation == world.kg
    assert consent.categories == ["contact", "care_plan"]
    assert trajectory.coordinator_assignments.get().professional == world.coordinator
    assert AccessEvent.objects.filter(family=trajectory.family, action="create").count() >= 3
    assert nurse.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("number", [VALID_NN_2000, VALID_BIS, "850730 033.28"])
def test_new_family_accepts_other_valid_numbers(world, nurse, number):
    response = nurse.post("/families/new/", _family_data(national_number=number))
    assert response.status_code == 302


def test_invalid_national_number_is_a_field_error_and_nothing_is_saved(world, nurse):
    before = _counts()
    response = nurse.post("/families/new/", _family_data(national_number=BAD_CHECKSUM))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == ["national_number"]
    assert "rijksregisternummer" in errors["national_number"][0]
    assert _counts() == before


def test_existing_national_number_names_only_the_coordinating_organisation(world, nurse):
    Person.objects.filter(pk=world.other_t.pregnant_person_id).update(national_number=VALID_NN)
    before = _counts()
    response = nurse.post("/families/new/", _family_data(national_number=VALID_NN))
    assert response.status_code == 422
    message = response.context["form"].errors["national_number"][0]
    assert "OCMW Gent" in message
    other = world.other_t.pregnant_person
    assert other.given_name not in response.content.decode()
    assert other.family_name not in response.content.decode()
    assert _counts() == before


def test_a_bad_trajectory_rolls_back_the_family(world, nurse):
    """The family is created first; a refused trajectory must leave no family behind."""
    before = _counts()
    too_far = (timezone.localdate() + dt.timedelta(weeks=60)).isoformat()
    response = nurse.post("/families/new/", _family_data(due_date=too_far))
    assert response.status_code == 422
    assert "due_date" in response.context["form"].errors
    assert _counts() == before


def test_consent_without_contact_is_refused(world, nurse):
    before = _counts()
    response = nurse.post("/families/new/", _family_data(consent_categories=["medical"]))
    assert response.status_code == 422
    assert "consent_categories" in response.context["form"].errors
    assert _counts() == before


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"municipality": "99999"},
        {"birth_date": "not-a-date"},
        {"plurality": "12"},
        {"parity": "third"},
        {"consent_categories": ["nonsense"]},
        {"co_given_name": "Tom"},
        {"national_number": "x" * 500},
        {"birth_date": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
    ],
)
def test_new_family_bad_input_is_never_a_500(world, nurse, overrides):
    before = _counts()
    data = _family_data(**overrides) if overrides else {}
    response = nurse.post("/families/new/", data)
    assert response.status_code == 422
    assert response.context["form"].errors
    assert _counts() == before


# --- Finding a family ------------------------------------------------------------------------------


def test_find_by_number_shows_only_coordinator_and_access(world, client):
    """A social worker without a care relation learns who coordinates, never which file it is."""
    Person.objects.filter(pk=world.t.pregnant_person_id).update(national_number=VALID_NN)
    client.force_login(world.outsider.user)
    response = client.post("/families/find/", {"search": "number", "nn-national_number": VALID_NN})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kind en Gezin Gent-Centrum" in html
    assert world.t.pregnant_person.given_name not in html
    assert str(world.t.public_id) not in html
    assert "break-glass" not in html
    assert AccessEvent.objects.filter(action="search", professional=world.outsider).exists()


def test_find_by_number_offers_break_the_glass_to_a_physician_of_a_practice(world, client):
    Person.objects.filter(pk=world.t.pregnant_person_id).update(national_number=VALID_NN)
    client.force_login(world.no_consent.user)
    html = client.post(
        "/families/find/", {"search": "number", "nn-national_number": VALID_NN}
    ).content.decode()
    assert f"/trajectories/{world.t.public_id}/break-glass/" in html
    assert world.t.pregnant_person.given_name not in html


def test_find_by_number_gives_a_link_to_who_has_access(world, nurse):
    Person.objects.filter(pk=world.t.pregnant_person_id).update(national_number=VALID_NN)
    html = nurse.post(
        "/families/find/", {"search": "number", "nn-national_number": VALID_NN}
    ).content.decode()
    assert f"/trajectories/{world.t.public_id}/" in html
    assert "break-glass" not in html


def test_find_by_invalid_number_is_a_field_error(world, nurse):
    response = nurse.post("/families/find/", {"search": "number", "nn-national_number": BAD_CHECKSUM})
    assert response.status_code == 200
    assert "national_number" in response.context["number_form"].errors


def test_find_unknown_number_offers_a_new_family(world, nurse):
    html = nurse.post(
        "/families/find/", {"search": "number", "nn-national_number": VALID_NN}
    ).content.decode()
    assert "/families/new/" in html


def test_find_by_name_and_birth_date(world, client):
    person = world.t.pregnant_person
    data = {"search": "name", "name-family_name": person.family_name, "name-birth_date": person.birth_date}
    client.force_login(world.coordinator.user)
    html = client.post("/families/find/", data).content.decode()
    assert f"/trajectories/{world.t.public_id}/" in html
    client.logout()
    client.force_login(world.outsider.user)
    html = client.post("/families/find/", data).content.decode()
    assert f"/trajectories/{world.t.public_id}/" not in html
    assert "Kind en Gezin Gent-Centrum" in html


# --- Team and consent forms ------------------------------------------------------------------------


def test_team_add_without_consent_is_a_clear_form_error(world, nurse):
    stranger = make_professional("stranger", world.ocmw, discipline="social_worker")
    before = CareTeamMember.objects.count()
    response = nurse.post(
        f"/trajectories/{world.t.public_id}/team/",
        {"professional": stranger.public_id, "role": "social_support"},
    )
    assert response.status_code == 422
    assert "toestemming" in response.context["member_form"].errors["professional"][0]
    assert CareTeamMember.objects.count() == before


def test_team_add_through_htmx_answers_the_panel(world, nurse):
    newcomer = make_professional("newcomer", world.midwives, discipline="midwife", given_name="Nora")
    response = nurse.post(
        f"/trajectories/{world.t.public_id}/team/",
        {"professional": newcomer.public_id, "role": "postnatal_care"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="team-panel"')
    assert "Nora" in html
    assert CareTeamMember.objects.filter(trajectory=world.t, professional=newcomer, end__isnull=True).exists()


def test_team_add_error_through_htmx_is_swappable(world, nurse):
    stranger = make_professional("stranger", world.ocmw, discipline="social_worker")
    response = nurse.post(
        f"/trajectories/{world.t.public_id}/team/",
        {"professional": stranger.public_id, "role": "social_support"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200  # htmx swaps only 2xx
    assert "errorlist" in response.content.decode()


def test_coordinator_cannot_leave_without_handover(world, nurse):
    member = CareTeamMember.objects.get(trajectory=world.t, professional=world.coordinator)
    response = nurse.post(f"/trajectories/{world.t.public_id}/team/{member.pk}/end/", follow=True)
    assert response.status_code == 200
    assert CareTeamMember.objects.get(pk=member.pk).end is None
    assert "overdracht" in response.content.decode()


def test_handover_keeps_history(world, nurse):
    response = nurse.post(
        f"/trajectories/{world.t.public_id}/coordinator/", {"professional": world.member.public_id}
    )
    assert response.status_code == 302
    assert world.t.coordinator_assignments.count() == 2
    assert world.t.coordinator_assignments.get(end__isnull=True).professional == world.member


def test_handover_to_the_current_coordinator_is_a_form_error(world, nurse):
    response = nurse.post(
        f"/trajectories/{world.t.public_id}/coordinator/", {"professional": world.coordinator.public_id}
    )
    assert response.status_code == 422
    assert response.context["coordinator_form"].errors["professional"]


def test_consent_for_both_organisation_and_professional_is_refused(world, nurse):
    response = nurse.post(
        f"/trajectories/{world.t.public_id}/consents/",
        {
            "organisation": world.gp_practice.public_id,
            "professional": world.no_consent.public_id,
            "categories": ["contact"],
            "recorded_via": "verbal",
        },
    )
    assert response.status_code == 422
    assert not Consent.objects.filter(trajectory=world.t, organisation=world.gp_practice).exists()


def test_consent_for_one_professional_lets_them_in(world, client):
    client.force_login(world.coordinator.user)
    client.post(
        f"/trajectories/{world.t.public_id}/consents/",
        {
            "professional": world.no_consent.public_id,
            "categories": ["contact"],
            "recorded_via": "signed_form",
        },
    )
    client.logout()
    client.force_login(world.no_consent.user)
    assert client.get(f"/trajectories/{world.t.public_id}/").status_code == 200


def test_withdrawing_consent_ends_access_at_once(world, client):
    consent = Consent.objects.get(trajectory=world.t, organisation=world.midwives)
    client.force_login(world.coordinator.user)
    client.post(
        f"/trajectories/{world.t.public_id}/consents/{consent.public_id}/withdraw/",
        {"recorded_via": "verbal"},
    )
    client.logout()
    client.force_login(world.member.user)
    assert client.get(f"/trajectories/{world.t.public_id}/").status_code == 404


def test_withdrawing_my_own_access_through_htmx_redirects_to_the_caseload(world, client):
    consent = Consent.objects.get(trajectory=world.t, organisation=world.midwives)
    client.force_login(world.member.user)
    response = client.post(
        f"/trajectories/{world.t.public_id}/consents/{consent.public_id}/withdraw/",
        {"recorded_via": "verbal"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == "/caseload/"
    assert world.t.pregnant_person.given_name not in response.content.decode()


def test_excluding_the_coordinator_is_a_form_error(world, nurse):
    response = nurse.post(
        f"/trajectories/{world.t.public_id}/exclusions/",
        {"professional": world.coordinator.public_id, "recorded_via": "verbal"},
    )
    assert response.status_code == 422
    assert "zorgcoördinator" in response.context["exclusion_form"].errors["professional"][0]


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("due-date/", {"due_date": "2020-01-01"}),
        ("due-date/", {"due_date": "garbage"}),
        ("risk-level/", {"risk_level": "extreme"}),
        (
            "birth/",
            {
                "birth_date": "2999-01-01",
                "child_1_given_name": "A",
                "child_1_family_name": "B",
                "child_1_sex": "female",
            },
        ),
        (
            "birth/",
            {
                "birth_date": "2025-01-01",
                "child_1_given_name": "",
                "child_1_family_name": "B",
                "child_1_sex": "x",
            },
        ),
        (
            "birth/",
            {
                "birth_date": "2025-01-01",
                "child_1_given_name": "A",
                "child_1_family_name": "B",
                "child_1_sex": "female",
                "child_1_national_number": BAD_CHECKSUM,
            },
        ),
        (
            "birth/",
            {
                "birth_date": "2025-01-01",
                "child_1_given_name": "A",
                "child_1_family_name": "B",
                "child_1_sex": "female",
                "nicu_admission_date": "2025-01-03",
                "nicu_discharge_date": "2025-01-02",
            },
        ),
        ("close/", {"reason": "bored"}),
        ("team/", {"professional": "not-a-uuid", "role": "other"}),
        ("coordinator/", {}),
        ("consents/", {"categories": ["contact"], "recorded_via": "verbal"}),
        ("exclusions/", {"professional": "00000000-0000-0000-0000-000000000000", "recorded_via": "verbal"}),
    ],
)
def test_bad_input_on_trajectory_forms_is_422_and_changes_nothing(world, nurse, path, data):
    writes = AccessEvent.objects.filter(action__in=("create", "update", "delete")).count()
    snapshot = Trajectory.objects.values().get(pk=world.t.pk)
    response = nurse.post(f"/trajectories/{world.t.public_id}/{path}", data)
    assert response.status_code == 422
    assert AccessEvent.objects.filter(action__in=("create", "update", "delete")).count() == writes
    assert Trajectory.objects.values().get(pk=world.t.pk) == snapshot


def test_birth_registration_adds_the_child(world, nurse):
    response = nurse.post(
        f"/trajectories/{world.t.public_id}/birth/",
        {
            "birth_date": timezone.localdate().isoformat(),
            "plurality": "1",
            "child_1_given_name": "Mila",
            "child_1_family_name": "Janssens",
            "child_1_sex": "female",
            "gestational_age_weeks": "38",
            "nicu_admission_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    world.t.refresh_from_db()
    assert world.t.child.given_name == "Mila"
    assert world.t.nicu_admission is True
    assert "Mila" in nurse.get(f"/trajectories/{world.t.public_id}/").content.decode()


def test_closing_needs_a_reason_and_ends_coordination(world, nurse):
    response = nurse.post(f"/trajectories/{world.t.public_id}/close/", {"reason": "pregnancy_loss"})
    assert response.status_code == 302
    world.t.refresh_from_db()
    assert world.t.status == "closed"
    assert not world.t.coordinator_assignments.filter(end__isnull=True).exists()


def test_a_member_may_leave_the_team_and_loses_access(world, client):
    member = CareTeamMember.objects.get(trajectory=world.t, professional=world.member)
    client.force_login(world.member.user)
    assert "Het zorgteam verlaten" in client.get(f"/trajectories/{world.t.public_id}/team/").content.decode()
    response = client.post(f"/trajectories/{world.t.public_id}/team/{member.pk}/end/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/caseload/"
    assert client.get(f"/trajectories/{world.t.public_id}/").status_code == 404
    assert AccessEvent.objects.filter(action="delete", professional=world.member).exists()
