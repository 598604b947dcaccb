"""Consent where it is needed: every page a category blocks names the category and the organisation,
and offers to record it there; after recording, the user is back where they was."""

import pytest
from django.urls import reverse

from wieg.care.models import AccessEvent, CareTeamMember, Consent
from wieg.testing.factories import give_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(world, client):
    client.force_login(world.coordinator.user)
    return client


def _team(world):
    return reverse("care:team", args=[world.t.public_id])


def test_the_team_names_the_missing_consent_and_offers_it_with_the_usual_categories(world, coordinator):
    response = coordinator.post(
        _team(world), {"professional": str(world.outsider.public_id), "role": "social_support"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "OCMW Gent" in html and 'id="team-consent-form"' in html
    offer = response.context["consent_offer"]
    assert offer["need"].organisation == world.ocmw
    assert offer["need"].missing == ["contact", "care_plan", "psychosocial"]
    # An OCMW usually gets contact, care plan and psychosocial (data/consent_suggestions.json).
    assert offer["form"].initial["categories"] == ["contact", "care_plan", "psychosocial"]
    assert not CareTeamMember.objects.filter(trajectory=world.t, professional=world.outsider).exists()


def test_recording_the_consent_in_place_adds_the_member_and_returns_to_the_team(world, coordinator):
    writes = AccessEvent.objects.filter(action__in=("create", "update")).count()
    response = coordinator.post(
        reverse("care:team_consent", args=[world.t.public_id]),
        {
            "consent-professional": str(world.outsider.public_id),
            "consent-role": "social_support",
            "consent-organisation": str(world.ocmw.public_id),
            "consent-categories": ["contact", "care_plan", "psychosocial"],
            "consent-recorded_via": "verbal",
        },
    )
    assert response.status_code == 302 and response.url == _team(world)
    consent = Consent.objects.get(trajectory=world.t, organisation=world.ocmw, withdrawn_at__isnull=True)
    assert consent.categories == ["contact", "care_plan", "psychosocial"]
    member = CareTeamMember.objects.active().get(trajectory=world.t, professional=world.outsider)
    assert member.organisation == world.ocmw and member.role == "social_support"
    assert AccessEvent.objects.filter(action__in=("create", "update")).count() >= writes + 2


@pytest.mark.parametrize(
    "change, field",
    [
        ({"consent-categories": ["care_plan", "psychosocial"]}, "categories"),  # contact is always part
        ({"consent-categories": []}, "categories"),
        ({"consent-role": "coordinator"}, "role"),
    ],
)
def test_a_bad_in_place_consent_saves_neither_the_consent_nor_the_member(world, coordinator, change, field):
    data = {
        "consent-professional": str(world.outsider.public_id),
        "consent-role": "social_support",
        "consent-organisation": str(world.ocmw.public_id),
        "consent-categories": ["contact", "care_plan"],
        "consent-recorded_via": "verbal",
        **change,
    }
    response = coordinator.post(reverse("care:team_consent", args=[world.t.public_id]), data)
    assert response.status_code == 422
    form = response.context["consent_offer"]["form"]
    assert form.errors, form.errors
    assert not Consent.objects.filter(trajectory=world.t, organisation=world.ocmw).exists()
    assert not CareTeamMember.objects.filter(trajectory=world.t, professional=world.outsider).exists()


@pytest.mark.parametrize("persona", ["member", "no_consent", "outsider"])
def test_only_who_manages_consent_records_it_in_place(world, client, persona):
    client.force_login(world.user(persona))
    response = client.post(
        reverse("care:team_consent", args=[world.t.public_id]),
        {
            "consent-professional": str(world.outsider.public_id),
            "consent-role": "social_support",
            "consent-organisation": str(world.ocmw.public_id),
            "consent-categories": ["contact"],
            "consent-recorded_via": "verbal",
        },
    )
    assert response.status_code == 404
    assert not Consent.objects.filter(trajectory=world.t, organisation=world.ocmw).exists()


def test_the_consent_form_is_prefilled_and_returns_to_the_page_that_needed_it(world, coordinator):
    url = reverse("care:consents", args=[world.t.public_id])
    back = reverse("care:trajectory_detail", args=[world.t.public_id]) + "#panel-screening"
    page = coordinator.get(
        url, {"organisation": str(world.midwives.public_id), "categories": ["psychosocial"], "next": back}
    )
    form = page.context["consent_form"]
    assert form.initial["organisation"] == str(world.midwives.public_id)
    assert form.initial["categories"] == ["contact", "psychosocial"]
    assert form.initial["next"] == back
    response = coordinator.post(
        url,
        {
            "organisation": str(world.midwives.public_id),
            "categories": ["contact", "care_plan", "medical", "psychosocial"],
            "recorded_via": "verbal",
            "next": back,
        },
    )
    assert response.status_code == 302 and response.url == back
    # The midwives' one consent is amended, not replaced.
    consents = Consent.objects.filter(trajectory=world.t, organisation=world.midwives)
    assert consents.count() == 1 and "psychosocial" in consents.get().categories


def test_a_foreign_next_is_ignored(world, coordinator):
    response = coordinator.post(
        reverse("care:consents", args=[world.t.public_id]),
        {
            "organisation": str(world.ocmw.public_id),
            "categories": ["contact"],
            "recorded_via": "verbal",
            "next": "https://example.org/phish",
        },
    )
    assert response.status_code == 302 and response.url == reverse("care:consents", args=[world.t.public_id])


def test_the_screening_panel_names_the_missing_psychosocial_category(world, client):
    client.force_login(world.member.user)
    html = client.get(reverse("screening:trajectory_section", args=[world.t.public_id])).content.decode()
    assert "Vroedvrouwenpraktijk De Wieg" in html and "psychosociaal" in html
    assert f"organisation={world.midwives.public_id}" in html and "categories=psychosocial" in html


def test_the_screening_panel_links_the_prefilled_form_for_who_records_consent(world, client):
    give_consent(world.t, organisation=world.kg, categories=("contact", "care_plan", "medical"))
    client.force_login(world.coordinator.user)
    html = client.get(reverse("screening:trajectory_section", args=[world.t.public_id])).content.decode()
    assert "Kind en Gezin Gent-Centrum" in html
    assert f"organisation={world.kg.public_id}" in html and "categories=psychosocial" in html
    assert "next=" in html


def test_the_plan_says_which_category_is_missing_instead_of_nothing(world, client):
    give_consent(world.t, organisation=world.gp_practice, categories=("contact",))
    client.force_login(world.no_consent.user)
    response = client.get(reverse("pathways:plan_section", args=[world.t.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Huisartsenpraktijk Ledeberg" in html and "zorgplan" in html
    # Without any consent the plan stays a 404.
    client.force_login(world.outsider.user)
    assert client.get(reverse("pathways:plan_section", args=[world.t.public_id])).status_code == 404


def test_a_waiting_referral_says_what_it_waits_for(world, api_client):
    api = api_client.as_user(world.coordinator.user)
    response = api.post(
        f"/api/v1/trajectories/{world.t.public_id}/referrals",
        {"to_organisation_id": str(world.ocmw.public_id), "service": "ocmw", "reason": "Huisvesting"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "waiting_for_consent"
    assert body["waiting_for"] == {
        "organisation_id": str(world.ocmw.public_id),
        "missing_categories": ["contact"],
    }


def test_the_new_family_form_suggests_per_kind_of_organisation(world, coordinator):
    page = coordinator.get(reverse("care:family_new"))
    form = page.context["form"]
    # Kind en Gezin usually gets all four categories.
    assert form.fields["consent_categories"].initial == ["contact", "care_plan", "medical", "psychosocial"]
    html = page.content.decode()
    assert "hoe het met het gezin gaat" in html  # psychosocial in plain words
    assert 'id="consent-suggestions"' in html and "OCMW / Sociaal Huis" in html
