"""A home page for every role: each professional lands on what is theirs to do; sections that do not apply
to a role are not there at all (not as empty boxes), and the worklist keeps a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from wieg.referrals.intake import intake_register
from wieg.referrals.services import referral_accept, referral_create
from wieg.testing.factories import OrganisationFactory, give_consent, make_professional, make_trajectory
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

PANELS = ("urgent_flags", "maternity_care_reach", "booklets")
OWN_SECTIONS = ("due_this_week", "overdue", "no_coordinator", "no_contact", "first_contact_missing")


def _refer_to_kraamzorg(world, organisation, n):
    referrals = []
    for _ in range(n):
        t = make_trajectory(world.coordinator, world.kg)
        give_consent(t, organisation=organisation)
        referrals.append(
            referral_create(
                actor=world.actor("coordinator"),
                trajectory=t,
                to_organisation=organisation,
                service="maternity_home_care",
                reason="Weinig steun thuis na de geboorte",
                urgency="soon",
            )
        )
    return referrals


def _new_family(world, **kw):
    return intake_register(
        actor=world.actor("no_consent"),
        municipality_nis="44021",
        given_name=kw.get("given_name", "Amina"),
        family_name="Benali",
        birth_date=dt.date(1996, 5, 14),
        national_number=None,
        due_date=timezone.localdate() + dt.timedelta(weeks=28),
        parity="nulliparous",
        consent_categories=["contact", "care_plan", "medical"],
        recorded_via="verbal",
        to_organisation=world.kg,
        receiver_categories=["contact", "care_plan"],
        reason="Eerste zwangerschap, 12 weken",
    )


def test_maternity_home_care_lands_on_its_incoming_referrals(client, api_client, world, kraamzorg):
    organisation, carer = kraamzorg
    referrals = _refer_to_kraamzorg(world, organisation, 4)
    body = api_client.as_user(carer.user).get("/api/v1/worklist").json()
    assert body["sections"] == {"incoming_referrals": 4}
    assert {r["referral"]["id"] for r in body["items"]} == {str(r.public_id) for r in referrals}
    assert all(
        r["referral"]["status"] == "sent" and r["referral"]["urgency"] == "soon" for r in body["items"]
    )
    client.force_login(carer.user)
    html = client.get(reverse("pathways:worklist")).content.decode()
    assert html.count('data-referral="') == 4
    assert 'id="section-incoming_referrals"' in html
    # Not one empty box: none of the sections that belong to other roles.
    for key in OWN_SECTIONS:
        assert f'id="section-{key}"' not in html, key
    for key in PANELS:
        assert f'id="panel-{key}"' not in html, key


def test_the_gp_sees_the_answer_on_her_home_page(api_client, world):
    referral = _new_family(world)
    gp = api_client.as_user(world.user("no_consent"))
    body = gp.get("/api/v1/worklist").json()
    assert "sent_referrals" in body["sections"] and "no_coordinator" not in body["sections"]
    sent = [r for r in body["items"] if r["section"] == "sent_referrals"]
    assert [r["referral"]["status"] for r in sent] == ["sent"]
    # The team's home page shows the intake to answer.
    kg = api_client.as_user(world.user("coordinator")).get("/api/v1/worklist").json()
    incoming = [r for r in kg["items"] if r["section"] == "incoming_referrals"]
    assert [r["referral"]["id"] for r in incoming] == [str(referral.public_id)]
    assert incoming[0]["referral"]["service"] == "coordination"
    referral_accept(actor=world.actor("coordinator"), referral=referral, coordinator=world.coordinator)
    body = api_client.as_user(world.user("no_consent")).get("/api/v1/worklist").json()
    sent = [r for r in body["items"] if r["section"] == "sent_referrals"]
    assert sent[0]["referral"]["status"] == "accepted"
    assert sent[0]["referral"]["coordinator"] == world.coordinator.display_name


def test_the_family_centre_lands_on_its_referrals(api_client, world):
    centre = OrganisationFactory(name="Huis van het Kind Gent", kind="family_centre")
    worker = make_professional("centre", centre, discipline="other", given_name="Lien", family_name="Baert")
    give_consent(world.t, organisation=centre)
    referral_create(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        to_organisation=centre,
        service="family_centre",
        reason="Zoekt contact met andere ouders",
    )
    body = api_client.as_user(worker.user).get("/api/v1/worklist").json()
    # No box for what she did not refer; the family she did not join yet is no part of her caseload.
    assert body["sections"] == {"incoming_referrals": 1}


@pytest.mark.parametrize("persona", PERSONAS)
def test_worklist_sections_follow_the_role(api_client, world, persona):
    response = api_client.as_user(world.user(persona)).get("/api/v1/worklist")
    if persona in {"analyst", "admin", "parent"}:
        assert response.status_code == 404
        return
    sections = set(response.json()["sections"])
    expected = {
        "coordinator": {*OWN_SECTIONS, "incoming_referrals", "sent_referrals"},  # kg_team
        "excluded": {*OWN_SECTIONS, "incoming_referrals", "sent_referrals"},  # kg_team
        "member": {*OWN_SECTIONS, "sent_referrals"} - set(),  # midwife practice
        "no_consent": {"due_this_week", "overdue", "sent_referrals"},  # GP practice
        # OCMW: what it receives, and only the parts of its own families that have rows (he coordinates one).
        "outsider": {"incoming_referrals"} | {s for s, n in response.json()["sections"].items() if n},
    }[persona]
    assert sections == expected
    if persona == "outsider":
        assert "no_coordinator" not in sections and "sent_referrals" not in sections


def test_an_outsider_sees_no_referral_of_another_organisation(api_client, world, kraamzorg):
    organisation, carer = kraamzorg
    _refer_to_kraamzorg(world, organisation, 2)
    body = api_client.as_user(world.user("outsider")).get("/api/v1/worklist").json()
    assert body["sections"]["incoming_referrals"] == 0


def test_worklist_keeps_a_fixed_query_count_with_the_new_sections(
    api_client, world, kraamzorg, django_assert_num_queries, django_assert_max_num_queries
):
    organisation, carer = kraamzorg
    _refer_to_kraamzorg(world, organisation, 2)
    _new_family(world, given_name="Amina")
    for who in (carer.user, world.user("coordinator"), world.user("no_consent")):
        api = api_client.as_user(who)
        api.get("/api/v1/worklist")
        with django_assert_max_num_queries(30) as small:
            api.get("/api/v1/worklist")
        _refer_to_kraamzorg(world, organisation, 4)
        for name in ("Sara", "Lotte", "Yasmina"):
            _new_family(world, given_name=name)
        with django_assert_num_queries(len(small.captured_queries)):
            api.get("/api/v1/worklist")


def test_worklist_page_keeps_a_fixed_query_count_for_a_receiver(
    client, world, kraamzorg, django_assert_num_queries, django_assert_max_num_queries
):
    organisation, carer = kraamzorg
    _refer_to_kraamzorg(world, organisation, 1)
    client.force_login(carer.user)
    client.get(reverse("pathways:worklist"))
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("pathways:worklist"))
    _refer_to_kraamzorg(world, organisation, 5)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("pathways:worklist"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["referrals:intake_queue", "referrals:intake_new"])
def test_intake_pages_matrix(client, world, persona, page):
    client.force_login(world.user(persona))
    response = client.get(reverse(page))
    professional = persona in {"coordinator", "member", "no_consent", "excluded", "outsider"}
    assert response.status_code == (200 if professional else 404)


def test_the_intake_queue_shows_only_my_teams_intakes_and_accepts_with_a_coordinator(client, world):
    nurse = make_professional("nurse2", world.kg, given_name="Hanne", family_name="De Smet")
    referral = _new_family(world)
    client.force_login(world.user("outsider"))
    assert str(referral.public_id) not in client.get(reverse("referrals:intake_queue")).content.decode()
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("referrals:intake_queue")).content.decode()
    assert f'data-referral="{referral.public_id}"' in html and nurse.display_name in html
    response = client.post(
        reverse("referrals:step", args=[referral.public_id, "accept"]), {"professional": str(nurse.public_id)}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.coordinator == nurse
    # Someone outside the team cannot be named.
    other = _new_family(world, given_name="Sara")
    client.post(
        reverse("referrals:step", args=[other.public_id, "accept"]),
        {"professional": str(world.member.public_id)},
    )
    other.refresh_from_db()
    assert other.status == "sent"


def test_register_and_refer_in_one_form(client, world):
    client.force_login(world.user("no_consent"))
    data = {
        "municipality": "44021",
        "given_name": "Amina",
        "family_name": "Benali",
        "birth_date": "1996-05-14",
        "due_date": (timezone.localdate() + dt.timedelta(weeks=28)).isoformat(),
        "parity": "nulliparous",
        "consent_categories": ["contact", "care_plan"],
        "to_organisation": str(world.kg.public_id),
        "receiver_categories": ["contact"],
        "recorded_via": "verbal",
        "urgency": "routine",
        "reason": "Eerste zwangerschap, 12 weken",
    }
    response = client.post(reverse("referrals:intake_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response.url).content.decode()
    # Consent for contact only: the intake waits and names the care plan with the fix in place.
    assert 'id="waiting-for"' in page and "zorgplan" in page and 'id="record-consent"' in page
    bad = client.post(reverse("referrals:intake_new"), {**data, "reason": " ", "given_name": "Sara"})
    assert bad.status_code == 422
    from wieg.care.models import Person

    assert not Person.objects.filter(given_name="Sara").exists()
