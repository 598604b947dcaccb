"""One open consent per organisation (or professional) and trajectory, and amendments of that consent:
the database guards the first, the services, API and pages do the second as one event with a history."""

import pytest
from django.db import IntegrityError, transaction

from wieg.care import services
from wieg.care.models import AccessEvent, Consent, ConsentAmendment
from wieg.core.errors import Conflict, InvalidInput
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db


def _midwives_consent(world) -> Consent:
    return Consent.objects.active().get(trajectory=world.t, organisation=world.midwives)


# --- The database constraint (SQLite here, PostgreSQL in CI) ---------------------------------------


def _insert(trajectory, **subject):
    """A consent written straight to the database, past every service."""
    return Consent.objects.create(trajectory=trajectory, contact=True, recorded_via="verbal", **subject)


def test_a_second_open_consent_for_the_same_organisation_is_refused_by_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        _insert(world.t, organisation=world.midwives)
    assert Consent.objects.active().filter(trajectory=world.t, organisation=world.midwives).count() == 1


def test_a_second_open_consent_for_the_same_professional_is_refused_by_the_database(world):
    _insert(world.t, professional=world.outsider)
    with pytest.raises(IntegrityError), transaction.atomic():
        _insert(world.t, professional=world.outsider)


def test_withdrawn_consents_and_other_trajectories_do_not_count(world):
    consent = _midwives_consent(world)
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=consent.given_at)
    _insert(world.t, organisation=world.midwives)
    _insert(world.other_t, organisation=world.midwives)
    # The same organisation and a professional of it are two subjects.
    _insert(world.t, professional=world.member)
    assert Consent.objects.filter(trajectory=world.t, organisation=world.midwives).count() == 2


# --- Services ----------------------------------------------------------------------------------------


def test_giving_consent_again_amends_the_open_one(world):
    coordinator = world.actor("coordinator")
    before = _midwives_consent(world)
    consent = services.consent_give(
        actor=coordinator,
        trajectory=world.t,
        organisation=world.midwives,
        categories=["contact", "care_plan", "medical", "psychosocial"],
        recorded_via="verbal",
    )
    assert consent.pk == before.pk and consent.outcome == "amended"
    assert consent.psychosocial and consent.withdrawn_at is None
    amendment = ConsentAmendment.objects.get(consent=consent)
    assert (amendment.added, amendment.removed) == (["psychosocial"], [])
    assert amendment.recorded_by_id == world.coordinator.user_id
    events = AccessEvent.objects.filter(object_type="Consent", object_id=str(consent.public_id))
    assert list(events.values_list("action", "detail")) == [("update", "amended: +psychosocial")]


def test_giving_the_same_consent_again_changes_nothing(world):
    consent = services.consent_give(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        organisation=world.midwives,
        categories=["medical", "contact", "care_plan"],
        recorded_via="verbal",
    )
    assert consent.outcome == "unchanged"
    assert not ConsentAmendment.objects.exists()
    assert Consent.objects.filter(trajectory=world.t, organisation=world.midwives).count() == 1


def test_amending_narrows_a_consent_and_access_follows_at_once(world):
    from wieg.care.policies import can

    member = world.actor("member")
    assert can(member, "medical.view", world.t)
    consent = services.consent_amend(
        actor=world.actor("coordinator"),
        consent=_midwives_consent(world),
        categories=["contact", "care_plan"],
        recorded_via="signed_form",
    )
    assert consent.categories == ["contact", "care_plan"]
    assert not can(member, "medical.view", world.t)
    assert can(member, "care_plan.view", world.t)
    amendment = consent.amendments.get()
    assert amendment.before == ["contact", "care_plan", "medical"]
    assert amendment.after == ["contact", "care_plan"]
    assert amendment.recorded_via == "signed_form"


@pytest.mark.parametrize("categories", [["care_plan", "medical"], []])
def test_the_contact_category_cannot_be_removed(world, categories):
    consent = _midwives_consent(world)
    with pytest.raises(InvalidInput) as exc:
        services.consent_amend(
            actor=world.actor("coordinator"), consent=consent, categories=categories, recorded_via="verbal"
        )
    assert list(exc.value.errors) == ["categories"]
    assert "Vroedvrouwenpraktijk De Wieg" in str(exc.value.message)
    consent.refresh_from_db()
    assert consent.categories == ["contact", "care_plan", "medical"]
    assert not ConsentAmendment.objects.exists()


def test_a_withdrawn_consent_is_not_amended(world):
    coordinator = world.actor("coordinator")
    consent = services.consent_withdraw(
        actor=coordinator, consent=_midwives_consent(world), recorded_via="verbal"
    )
    with pytest.raises(Conflict):
        services.consent_amend(
            actor=coordinator, consent=consent, categories=["contact", "medical"], recorded_via="verbal"
        )


def test_giving_consent_without_the_contact_category_is_refused(world):
    with pytest.raises(InvalidInput) as exc:
        services.consent_give(
            actor=world.actor("coordinator"),
            trajectory=world.t,
            organisation=world.ocmw,
            categories=["psychosocial"],
            recorded_via="verbal",
        )
    assert list(exc.value.errors) == ["categories"]
    assert not Consent.objects.filter(organisation=world.ocmw, trajectory=world.t).exists()


# --- API ---------------------------------------------------------------------------------------------


def _url(world, consent=None):
    base = f"/api/v1/trajectories/{world.t.public_id}/consents"
    return f"{base}/{consent.public_id}" if consent else base


def test_post_twice_gives_201_then_200_on_the_same_consent(world, api_client):
    api = api_client.as_user(world.coordinator.user)
    body = {"organisation_id": str(world.ocmw.public_id), "categories": ["contact"], "recorded_via": "verbal"}
    first = api.post(_url(world), body)
    assert first.status_code == 201
    again = api.post(_url(world), body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    wider = api.post(_url(world), {**body, "categories": ["contact", "care_plan"]})
    assert wider.status_code == 200 and wider.json()["id"] == first.json()["id"]
    assert wider.json()["categories"] == ["contact", "care_plan"]
    assert wider.json()["amendments"][0]["added"] == ["care_plan"]
    assert Consent.objects.filter(trajectory=world.t, organisation=world.ocmw).count() == 1


def test_patch_amends_the_same_consent_with_one_access_event(world, api_client):
    consent = _midwives_consent(world)
    api = api_client.as_user(world.coordinator.user)
    before = AccessEvent.objects.count()
    response = api.patch(
        _url(world, consent), {"categories": ["contact", "care_plan", "medical", "psychosocial"]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(consent.public_id)
    assert body["categories"] == ["contact", "care_plan", "medical", "psychosocial"]
    assert body["withdrawn_at"] is None
    [amendment] = body["amendments"]
    assert amendment["added"] == ["psychosocial"] and amendment["removed"] == []
    assert amendment["recorded_via"] == "verbal"
    new_events = AccessEvent.objects.order_by("pk")[before:]
    consent_events = [e for e in new_events if e.object_type == "Consent"]
    assert [(e.action, e.detail) for e in consent_events] == [("update", "amended: +psychosocial")]
    assert Consent.objects.filter(trajectory=world.t, organisation=world.midwives).count() == 1


def test_patch_without_contact_is_a_field_error_in_the_callers_language(world, api_client):
    consent = _midwives_consent(world)
    api = api_client.as_user(world.coordinator.user)
    dutch = api.patch(_url(world, consent), {"categories": ["medical"]}, HTTP_ACCEPT_LANGUAGE="nl")
    french = api.patch(_url(world, consent), {"categories": ["medical"]}, HTTP_ACCEPT_LANGUAGE="fr")
    assert dutch.status_code == french.status_code == 422
    assert [e["field"] for e in dutch.json()["errors"]] == ["categories"]
    assert dutch.json()["errors"][0]["message"] != french.json()["errors"][0]["message"]
    consent.refresh_from_db()
    assert consent.medical and consent.contact


def test_patch_of_a_withdrawn_consent_is_409(world, api_client):
    consent = _midwives_consent(world)
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=consent.given_at)
    api = api_client.as_user(world.coordinator.user)
    assert api.patch(_url(world, consent), {"categories": ["contact"]}).status_code == 409


PATCH_ALLOWED = {"coordinator", "member", "parent"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_patch_permission_matrix(world, api_client, persona):
    consent = _midwives_consent(world)
    response = api_client.as_user(world.user(persona)).patch(
        _url(world, consent), {"categories": ["contact", "care_plan"]}
    )
    consent.refresh_from_db()
    if persona in PATCH_ALLOWED:
        assert response.status_code == 200
        assert consent.categories == ["contact", "care_plan"]
        via = consent.amendments.get().recorded_via
        assert via == ("parent_portal" if persona == "parent" else "verbal")
    else:
        assert response.status_code == 404
        assert consent.categories == ["contact", "care_plan", "medical"]
        assert not ConsentAmendment.objects.exists()


# --- Pages -------------------------------------------------------------------------------------------


def _amend_url(world, consent):
    return f"/trajectories/{world.t.public_id}/consents/{consent.public_id}/amend/"


def test_consent_page_offers_to_amend_each_open_consent(world, client):
    consent = _midwives_consent(world)
    client.force_login(world.coordinator.user)
    html = client.get(f"/trajectories/{world.t.public_id}/consents/").content.decode()
    assert _amend_url(world, consent) in html
    assert f'id="id_amend_{consent.public_id.hex[:12]}_categories_0"' in html


def test_amend_on_the_page_keeps_the_consent_and_shows_it_on_the_timeline(world, client):
    consent = _midwives_consent(world)
    client.force_login(world.coordinator.user)
    response = client.post(
        _amend_url(world, consent),
        {"categories": ["contact", "care_plan", "medical", "psychosocial"], "recorded_via": "verbal"},
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.psychosocial and consent.withdrawn_at is None
    assert Consent.objects.filter(trajectory=world.t, organisation=world.midwives).count() == 1
    html = client.get(f"/trajectories/{world.t.public_id}/").content.decode()
    assert "Toestemming voor Vroedvrouwenpraktijk De Wieg aangepast: nu ook psychosociaal" in html
    assert "Toestemming ingetrokken voor Vroedvrouwenpraktijk De Wieg" not in html
    consents_page = client.get(f"/trajectories/{world.t.public_id}/consents/").content.decode()
    assert "nu ook psychosociaal" in consents_page


@pytest.mark.parametrize(
    "language, text",
    [
        ("fr", "Consentement pour Vroedvrouwenpraktijk De Wieg modifié : désormais aussi psychosocial"),
        ("en", "Consent for Vroedvrouwenpraktijk De Wieg amended: now also psychosocial"),
    ],
)
def test_the_amendment_reads_in_french_and_english(world, client, language, text):
    consent = _midwives_consent(world)
    services.consent_amend(
        actor=world.actor("coordinator"),
        consent=consent,
        categories=["contact", "care_plan", "medical", "psychosocial"],
        recorded_via="verbal",
    )
    user = world.coordinator.user
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    html = client.get(f"/trajectories/{world.t.public_id}/").content.decode()
    assert text in html


def test_amend_on_the_page_without_contact_is_a_form_error(world, client):
    consent = _midwives_consent(world)
    client.force_login(world.coordinator.user)
    response = client.post(_amend_url(world, consent), {"categories": ["medical"], "recorded_via": "verbal"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "De contactgegevens horen altijd bij een toestemming" in html
    assert '<details class="amend" open>' in html
    consent.refresh_from_db()
    assert consent.categories == ["contact", "care_plan", "medical"]


def test_amend_with_htmx_swaps_the_panel(world, client):
    consent = _midwives_consent(world)
    client.force_login(world.coordinator.user)
    response = client.post(
        _amend_url(world, consent),
        {"categories": ["contact", "care_plan"], "recorded_via": "verbal"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="consent-panel"' in response.content.decode()
    assert "niet langer medisch" in response.content.decode()


@pytest.mark.parametrize("persona", ["no_consent", "excluded", "outsider", "analyst", "admin", "parent"])
def test_amend_page_is_404_for_who_may_not_manage_consent(world, client, persona):
    consent = _midwives_consent(world)
    client.force_login(world.user(persona))
    response = client.post(_amend_url(world, consent), {"categories": ["contact"], "recorded_via": "verbal"})
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.medical


def test_parent_portal_amends_instead_of_replacing(world, client):
    consent = _midwives_consent(world)
    client.force_login(world.parent_user)
    response = client.post(
        f"/portal/consents/?t={world.t.public_id}",
        {"organisation": str(world.midwives.public_id), "categories": ["contact", "care_plan"]},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Consent.objects.filter(trajectory=world.t, organisation=world.midwives).count() == 1
    consent.refresh_from_db()
    assert consent.categories == ["contact", "care_plan"]
    assert consent.amendments.get().recorded_via == "parent_portal"
    html = client.get(f"/portal/consents/?t={world.t.public_id}").content.decode()
    assert "niet langer medisch" in html
