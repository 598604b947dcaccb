"""Referral pages: permission matrix, two clicks from a suggestion, the receiver's inbox, the worklist."""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.urls import reverse

from wieg.care.models import CareTeamMember
from wieg.referrals.models import Referral
from wieg.referrals.services import referral_create
from wieg.screening import catalogue
from wieg.screening.services import screening_record
from wieg.testing.factories import give_consent, make_trajectory


@contextmanager
def rolled_back():
    """One world for all personas: each persona's requests run in a savepoint rolled back afterwards."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


pytestmark = pytest.mark.django_db

PERSONAS = ("coordinator", "member", "no_consent", "excluded", "outsider", "analyst", "admin", "parent")


def _psychosocial(**chosen):
    keys = [i["key"] for i in catalogue.instrument("psychosocial").definition["items"]]
    return dict.fromkeys(keys, 0) | chosen


@pytest.fixture
def referral(world, kraamzorg):
    organisation, _ = kraamzorg
    give_consent(world.t, organisation=organisation)
    return referral_create(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        to_organisation=organisation,
        service="maternity_home_care",
        reason="Weinig steun thuis",
    )


def test_permission_matrix_pages(client, world, kraamzorg, referral):
    for persona in [*PERSONAS, "carer"]:
        with rolled_back():
            user = kraamzorg[1].user if persona == "carer" else world.user(persona)
            client.force_login(user)
            professional = persona not in {"analyst", "admin", "parent"}
            t = world.t.public_id
            expected = {
                reverse("referrals:inbox"): professional,
                reverse("referrals:detail", args=[referral.public_id]): persona
                in {"coordinator", "member", "carer"},
                reverse("referrals:create", args=[t]): persona in {"coordinator", "member"},
                reverse("referrals:trajectory_section", args=[t]): persona in {"coordinator", "member"},
                reverse("referrals:worklist_section"): professional,
            }
            for url, allowed in expected.items():
                assert client.get(url).status_code == (200 if allowed else 404), (persona, url)
            # The receiver answers, the sender's side cancels; a step one may not take is a 404.
            for step in ("accept", "decline", "start", "complete", "cancel"):
                allowed = persona == "carer" if step != "cancel" else persona in {"coordinator", "member"}
                response = client.post(
                    reverse("referrals:step", args=[referral.public_id, step]), {"reason": "x"}
                )
                assert response.status_code == (302 if allowed else 404), step


def test_two_clicks_from_a_suggestion(client, world, kraamzorg):
    organisation, _ = kraamzorg
    screening = screening_record(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        instrument_code="psychosocial",
        answers=_psychosocial(finances_making_ends_meet=3),
    )
    suggestion = screening.suggestions.get(rule_key="mhc_vulnerable")
    client.force_login(world.user("coordinator"))
    detail = client.get(reverse("screening:detail", args=[screening.public_id])).content.decode()
    link = f"{reverse('referrals:create', args=[world.t.public_id])}?suggestion={suggestion.public_id}"
    assert link in detail  # click 1
    form = client.get(link)
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert (
        initial["service"] == "maternity_home_care" and initial["to_organisation"] == organisation.public_id
    )
    assert initial["urgency"] == "soon" and "Financiële problemen" not in initial["reason"]
    assert form.context["flags"] == ["Financiële problemen"]
    assert organisation in form.context["without_consent"]
    data = {k: v for k, v in initial.items() if v is not None}
    data["suggestion"] = str(suggestion.public_id)
    response = client.post(link, data)  # click 2
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == "waiting_for_consent" and list(
        referral.flags.values_list("code", flat=True)
    ) == ["income"]
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    page = client.get(response["Location"]).content.decode()
    assert "wacht op de toestemming" in page


def test_receiver_accepts_in_the_inbox_and_joins_the_team(client, world, kraamzorg, referral):
    organisation, carer = kraamzorg
    client.force_login(carer.user)
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert world.t.pregnant_person.display_name in inbox
    client.post(reverse("referrals:step", args=[referral.public_id, "accept"]))
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert CareTeamMember.objects.active().filter(trajectory=world.t, professional=carer).exists()
    assert client.get(reverse("care:trajectory_detail", args=[world.t.public_id])).status_code == 200


def test_a_malformed_previous_or_suggestion_id_is_ignored_not_a_500(client, world, kraamzorg):
    client.force_login(world.user("coordinator"))
    url = reverse("referrals:create", args=[world.t.public_id])
    assert client.get(url, {"previous": "not-an-id"}).status_code == 200
    assert client.get(url, {"suggestion": "12"}).status_code == 200


def test_form_errors_are_shown_not_500(client, world, kraamzorg):
    client.force_login(world.user("coordinator"))
    url = reverse("referrals:create", args=[world.t.public_id])
    response = client.post(
        url,
        {
            "service": "maternity_home_care",
            "to_organisation": str(kraamzorg[0].public_id),
            "urgency": "routine",
            "reason": "x",
            "requested_hours": "30",
            "start": "2001-01-01",
        },
    )
    assert response.status_code == 422
    assert "rond de uitgerekende datum" in response.content.decode()
    assert not Referral.objects.exists()


def test_worklist_lists_vulnerable_families_without_maternity_care(
    client, world, kraamzorg, django_assert_max_num_queries
):
    organisation, _ = kraamzorg
    client.force_login(world.user("coordinator"))
    url = reverse("referrals:worklist_section")
    assert world.t.pregnant_person.display_name not in client.get(url).content.decode()
    screening_record(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        instrument_code="psychosocial",
        answers=_psychosocial(housing_situation=3),
    )
    assert world.t.pregnant_person.display_name in client.get(url).content.decode()
    referral_create(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        to_organisation=organisation,
        service="maternity_home_care",
        reason="kraamzorg",
    )
    assert world.t.pregnant_person.display_name not in client.get(url).content.decode()

    # A fixed number of queries whatever the number of families.
    for _ in range(2):
        make_trajectory(world.coordinator, world.kg, risk_level="raised")
    with django_assert_max_num_queries(30) as few:
        client.get(url)
        queries = len(few)
    for _ in range(6):
        make_trajectory(world.coordinator, world.kg, risk_level="high")
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.content.decode().count("Kraamzorg aanvragen") == 8


def test_the_referral_panel_and_form_are_reads_in_the_access_log(client, world, kraamzorg, referral):
    """Issue 15 (low): the trajectory's referral panel and the referral form showed the family unlogged."""
    from wieg.care.models import AccessEvent

    client.force_login(world.user("member"))
    for url, detail in (
        (reverse("referrals:trajectory_section", args=[world.t.public_id]), "referrals"),
        (reverse("referrals:create", args=[world.t.public_id]), "referral form"),
    ):
        before = AccessEvent.objects.count()
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
        event = AccessEvent.objects.order_by("-id").first()
        assert AccessEvent.objects.count() == before + 1, url
        assert (event.user_id, event.trajectory_id, event.family_id, event.category, event.detail) == (
            world.user("member").pk,
            world.t.pk,
            world.t.family_id,
            "care_plan",
            detail,
        )
    # A form that comes back with errors showed the family again.
    before = AccessEvent.objects.count()
    response = client.post(reverse("referrals:create", args=[world.t.public_id]), {"service": "ocmw"})
    assert response.status_code == 422
    assert AccessEvent.objects.count() == before + 1


def test_a_referral_form_from_a_suggestion_logs_the_psychosocial_read(client, world):
    from wieg.care.models import AccessEvent

    screening = screening_record(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        instrument_code="psychosocial",
        answers=_psychosocial(finances_making_ends_meet=3),
    )
    suggestion = screening.suggestions.get(rule_key="mhc_vulnerable")
    client.force_login(world.user("coordinator"))
    url = f"{reverse('referrals:create', args=[world.t.public_id])}?suggestion={suggestion.public_id}"
    assert client.get(url).status_code == 200
    assert AccessEvent.objects.filter(
        action="read", object_type="Suggestion", object_id=str(suggestion.public_id), category="psychosocial"
    ).exists()
