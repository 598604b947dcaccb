"""The referral lifecycle through the API: consent first, then sent; accept joins the team; decline tells the
sender; reminders count Belgian working days; receivers see only what was sent to them."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from wieg.accounts.models import Notification
from wieg.care.models import AccessEvent, CareTeamMember
from wieg.care.services import consent_give
from wieg.referrals.models import Referral
from wieg.referrals.services import referrals_remind
from wieg.testing.factories import give_consent


@contextmanager
def rolled_back():
    """One world for all personas: each persona's requests run in a savepoint rolled back afterwards."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


pytestmark = pytest.mark.django_db


def refer(api_client, world, organisation, who="coordinator", **extra):
    payload = {
        "to_organisation_id": str(organisation.public_id),
        "service": "maternity_home_care",
        "reason": "Weinig steun thuis na de geboorte",
        "urgency": "soon",
        **extra,
    }
    return api_client.as_user(world.user(who)).post(
        f"/api/v1/trajectories/{world.t.public_id}/referrals", payload
    )


def fields(response):
    return {e["field"] for e in response.json().get("errors") or []}


def test_without_consent_it_waits_and_after_consent_it_is_sent(api_client, world, kraamzorg):
    organisation, carer = kraamzorg
    response = refer(api_client, world, organisation)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "waiting_for_consent" and body["waiting_for_consent"] is True
    assert body["requested_hours"] == 30
    assert body["requested_start"] == world.t.due_date.isoformat()
    # The receiver sees nothing yet.
    inbox = api_client.as_user(carer.user).get("/api/v1/referrals?box=incoming").json()
    assert inbox["count"] == 0
    assert api_client.as_user(carer.user).get(f"/api/v1/referrals/{body['id']}").status_code == 404

    consent_give(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        categories=["contact", "care_plan"],
        recorded_via="signed_form",
        organisation=organisation,
    )
    referral = Referral.objects.get(public_id=body["id"])
    assert referral.status == "sent" and referral.sent_at is not None
    inbox = api_client.as_user(carer.user).get("/api/v1/referrals?box=incoming").json()
    assert inbox["count"] == 1 and inbox["items"][0]["id"] == body["id"]
    assert Notification.objects.filter(user=carer.user).exists()
    assert [s.status for s in referral.steps.all()] == ["waiting_for_consent", "sent"]


def test_accept_puts_the_receiver_on_the_team_and_gives_access(api_client, world, kraamzorg):
    organisation, carer = kraamzorg
    give_consent(world.t, organisation=organisation, categories=("contact", "care_plan"))
    referral_id = refer(api_client, world, organisation).json()["id"]
    api = api_client.as_user(carer.user)
    assert api.get(f"/api/v1/trajectories/{world.t.public_id}").status_code == 404
    response = api.post(f"/api/v1/referrals/{referral_id}/accept", {"note": "Start in week 38"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    member = CareTeamMember.objects.active().get(trajectory=world.t, professional=carer)
    assert member.role == "maternity_home_care" and member.organisation == organisation
    assert api.get(f"/api/v1/trajectories/{world.t.public_id}").status_code == 200
    assert Notification.objects.filter(
        user=world.user("coordinator"), subject__contains="aanvaardde"
    ).exists()
    # Then in progress, then completed with an outcome.
    assert api.post(f"/api/v1/referrals/{referral_id}/start", {}).json()["status"] == "in_progress"
    assert api.post(f"/api/v1/referrals/{referral_id}/complete", {"outcome": ""}).status_code == 422
    done = api.post(f"/api/v1/referrals/{referral_id}/complete", {"outcome": "32 uren kraamzorg gegeven"})
    assert done.json()["status"] == "completed" and done.json()["fhir_task_status"] == "completed"
    assert api.post(f"/api/v1/referrals/{referral_id}/accept", {}).status_code == 409
    assert (
        api.post(f"/api/v1/referrals/{referral_id}/cancel", {}).status_code == 404
    )  # on the team, still receiver
    steps = AccessEvent.objects.filter(object_type="Referral", action__in=["create", "update"]).count()
    assert steps == 4  # created, accepted, started, completed


def test_decline_tells_the_sender_who_may_refer_elsewhere(api_client, world, kraamzorg, settings):
    organisation, carer = kraamzorg
    give_consent(world.t, organisation=organisation)
    referral_id = refer(api_client, world, organisation).json()["id"]
    api = api_client.as_user(carer.user)
    assert fields(api.post(f"/api/v1/referrals/{referral_id}/decline", {"reason": " "})) == {"reason"}
    response = api.post(f"/api/v1/referrals/{referral_id}/decline", {"reason": "Geen plaats in die periode"})
    assert response.json()["status"] == "declined"
    note = Notification.objects.get(user=world.user("coordinator"))
    assert "Geen plaats" in note.body and referral_id in note.link
    assert not CareTeamMember.objects.filter(trajectory=world.t, professional=carer).exists()
    # Refer elsewhere, linked to the declined one.
    from wieg.testing.factories import OrganisationFactory

    other = OrganisationFactory(name="Kraamzorg Zonnestraal", kind="maternity_home_care")
    again = refer(api_client, world, other, previous_id=referral_id)
    assert again.status_code == 201 and again.json()["previous_id"] == referral_id


def test_a_receiver_never_sees_referrals_addressed_to_another_organisation(api_client, world, kraamzorg):
    organisation, carer = kraamzorg
    give_consent(world.t, organisation=organisation)
    give_consent(world.t, organisation=world.ocmw)
    to_kraamzorg = refer(api_client, world, organisation).json()["id"]
    to_ocmw = refer(api_client, world, world.ocmw, service="ocmw", reason="Schulden").json()["id"]
    carer_api = api_client.as_user(carer.user)
    assert [i["id"] for i in carer_api.get("/api/v1/referrals?box=incoming").json()["items"]] == [
        to_kraamzorg
    ]
    assert carer_api.get(f"/api/v1/referrals/{to_ocmw}").status_code == 404
    assert carer_api.post(f"/api/v1/referrals/{to_ocmw}/accept", {}).status_code == 404
    social = api_client.as_user(world.user("outsider"))
    assert [i["id"] for i in social.get("/api/v1/referrals?box=incoming").json()["items"]] == [to_ocmw]
    assert social.get(f"/api/v1/referrals/{to_kraamzorg}").status_code == 404
    carer_api = api_client.as_user(carer.user)  # one client: as_user switches the token
    assert carer_api.get("/api/v1/referrals?box=outgoing").json()["count"] == 0


def test_only_the_sender_side_cancels_and_only_the_receiver_answers(api_client, world, kraamzorg):
    organisation, carer = kraamzorg
    give_consent(world.t, organisation=organisation)
    referral_id = refer(api_client, world, organisation).json()["id"]
    coordinator = api_client.as_user(world.user("coordinator"))
    assert coordinator.post(f"/api/v1/referrals/{referral_id}/accept", {}).status_code == 404
    assert (
        api_client.as_user(carer.user).post(f"/api/v1/referrals/{referral_id}/cancel", {}).status_code == 404
    )
    coordinator = api_client.as_user(world.user("coordinator"))  # one client: as_user switches the token
    response = coordinator.post(f"/api/v1/referrals/{referral_id}/cancel", {"reason": "Gezin verhuist"})
    assert response.json()["status"] == "cancelled"
    assert Notification.objects.filter(user=carer.user, subject__contains="geannuleerd").exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"details": {"requested_hours": 0}}, "details.requested_hours"),
        ({"details": {"requested_hours": "veel"}}, "details.requested_hours"),
        ({"details": {"start": "2020-01-01"}}, "details.start"),
        ({"details": {"start": "morgen"}}, "details.start"),
        ({"service": "ocmw"}, "to_organisation_id"),
        ({"service": "astrology"}, "service"),
        ({"urgency": "asap"}, "urgency"),
        ({"reason": "  "}, "reason"),
        ({"to_organisation_id": "00000000-0000-0000-0000-000000000000"}, "to_organisation_id"),
    ],
)
def test_bad_input_is_422_naming_the_field(api_client, world, kraamzorg, extra, field):
    organisation, _ = kraamzorg
    response = refer(api_client, world, organisation, **extra)
    assert response.status_code == 422, response.content
    assert field in fields(response)
    assert not Referral.objects.exists()


def test_second_open_referral_for_same_service_is_409(api_client, world, kraamzorg):
    organisation, _ = kraamzorg
    assert refer(api_client, world, organisation).status_code == 201
    assert refer(api_client, world, organisation).status_code == 409


CREATE = {
    "coordinator": 201,
    "member": 201,
    "no_consent": 404,
    "excluded": 404,
    "outsider": 404,
    "analyst": 404,
    "admin": 404,
    "parent": 404,
}


def test_permission_matrix_create(api_client, world, kraamzorg):
    organisation, _ = kraamzorg
    for persona, status in CREATE.items():
        with rolled_back():
            assert refer(api_client, world, organisation, who=persona).status_code == status


def test_permission_matrix_read_and_steps(api_client, world, kraamzorg):
    organisation, _ = kraamzorg
    give_consent(world.t, organisation=organisation)
    referral_id = refer(api_client, world, organisation).json()["id"]
    for persona in [
        "coordinator",
        "member",
        "no_consent",
        "excluded",
        "outsider",
        "analyst",
        "admin",
        "parent",
    ]:
        with rolled_back():
            api = api_client.as_user(world.user(persona))
            detail = api.get(f"/api/v1/referrals/{referral_id}")
            assert detail.status_code == (200 if persona in {"coordinator", "member"} else 404)
            outgoing = api.get("/api/v1/referrals?box=outgoing")
            if persona in {"analyst", "admin", "parent"}:
                assert outgoing.json()["count"] == 0
            for step in ("accept", "decline", "start", "complete"):
                assert (
                    api.post(
                        f"/api/v1/referrals/{referral_id}/{step}", {"reason": "x", "outcome": "x"}
                    ).status_code
                    == 404
                )


def _sent_on(referral_id, day: dt.date):
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    Referral.objects.filter(public_id=referral_id).update(sent_at=at)


def test_reminder_after_n_working_days_skips_public_holidays(api_client, world, kraamzorg):
    organisation, carer = kraamzorg
    give_consent(world.t, organisation=organisation)
    referral_id = refer(api_client, world, organisation).json()["id"]
    # Friday 26 March 2027; Monday 29 March is Easter Monday. Two working days: Tuesday 30 and Wednesday 31.
    _sent_on(referral_id, dt.date(2027, 3, 26))
    Notification.objects.all().delete()
    assert referrals_remind(today=dt.date(2027, 3, 29), working_days=2) == []
    assert referrals_remind(today=dt.date(2027, 3, 30), working_days=2) == []  # without holidays: due here
    reminded = referrals_remind(today=dt.date(2027, 3, 31), working_days=2)
    assert [r.public_id.hex for r in reminded] == [referral_id.replace("-", "")]
    assert Notification.objects.filter(user=carer.user, subject__contains="Herinnering").count() == 1
    assert (
        Notification.objects.filter(user=world.user("coordinator"), subject__contains="nog niet").count() == 1
    )
    # Not again the next day; again after another two working days.
    assert referrals_remind(today=dt.date(2027, 4, 1), working_days=2) == []
    assert len(referrals_remind(today=dt.date(2027, 4, 2), working_days=2)) == 1


def test_reminder_command_uses_answer_times_per_urgency(api_client, world, kraamzorg, capsys):
    organisation, _ = kraamzorg
    give_consent(world.t, organisation=organisation)
    referral_id = refer(api_client, world, organisation, urgency="routine").json()["id"]
    # Routine: 5 working days. Sent Wednesday 28 April 2027; Saturday 1 May is a holiday on a weekend anyway;
    # Thursday 6 May 2027 is Ascension Day. Days: 29, 30 April, 3, 4, 5 May -> due on Wednesday 5 May.
    _sent_on(referral_id, dt.date(2027, 4, 28))
    call_command("referral_reminders", "--today", "2027-05-04")
    assert "0 referral(s)" in capsys.readouterr().out
    call_command("referral_reminders", "--today", "2027-05-05")
    assert "1 referral(s)" in capsys.readouterr().out
    Referral.objects.filter(public_id=referral_id).update(last_reminded_on=None, urgency="urgent")
    _sent_on(referral_id, dt.date(2027, 5, 5))
    call_command("referral_reminders", "--today", "2027-05-06")  # Ascension Day is no working day
    assert "0 referral(s)" in capsys.readouterr().out
    call_command("referral_reminders", "--today", "2027-05-07")
    assert "1 referral(s)" in capsys.readouterr().out


def test_referral_from_suggestion_links_flags_and_accepts_it(api_client, world, kraamzorg):
    organisation, carer = kraamzorg
    from wieg.screening import catalogue

    keys = [i["key"] for i in catalogue.instrument("psychosocial").definition["items"]]
    answers = dict.fromkeys(keys, 0) | {"finances_making_ends_meet": 3}
    screening = (
        api_client.as_user(world.user("coordinator"))
        .post(
            f"/api/v1/trajectories/{world.t.public_id}/screenings",
            {"instrument": "psychosocial", "answers": answers},
        )
        .json()
    )
    suggestion = next(s for s in screening["suggestions"] if s["rule"] == "mhc_vulnerable")
    give_consent(world.t, organisation=organisation, categories=("contact",))
    response = refer(api_client, world, organisation, suggestion_id=suggestion["id"])
    assert response.status_code == 201
    assert response.json()["flags"] == ["income"]
    from wieg.screening.models import Suggestion

    assert Suggestion.objects.get(public_id=suggestion["id"]).status == "accepted"
    # The receiver has no psychosocial consent: the linked flags stay hidden.
    detail = api_client.as_user(carer.user).get(f"/api/v1/referrals/{response.json()['id']}").json()
    assert detail["flags"] is None


def test_inbox_query_count_does_not_grow(api_client, world, kraamzorg, django_assert_max_num_queries):
    from wieg.testing.factories import make_trajectory

    organisation, carer = kraamzorg
    api = api_client.as_user(carer.user)

    def add(n):
        for _ in range(n):
            t = make_trajectory(world.coordinator, world.kg)
            give_consent(t, organisation=organisation)
            api_client.as_user(world.user("coordinator")).post(
                f"/api/v1/trajectories/{t.public_id}/referrals",
                {
                    "to_organisation_id": str(organisation.public_id),
                    "service": "maternity_home_care",
                    "reason": "kraamzorg",
                },
            )
        return api_client.as_user(carer.user)

    api = add(2)
    with django_assert_max_num_queries(20) as small:
        assert api.get("/api/v1/referrals?box=incoming").json()["count"] == 2
        queries = len(small)
    api = add(4)
    with django_assert_max_num_queries(queries):
        assert api.get("/api/v1/referrals?box=incoming").json()["count"] == 6


def test_receiver_loses_sight_when_the_family_withdraws_consent(api_client, world, kraamzorg):
    from wieg.care.models import Consent
    from wieg.care.services import consent_withdraw

    organisation, carer = kraamzorg
    give_consent(world.t, organisation=organisation)
    referral_id = refer(api_client, world, organisation).json()["id"]
    consent = Consent.objects.get(trajectory=world.t, organisation=organisation)
    consent_withdraw(actor=world.actor("coordinator"), consent=consent, recorded_via="verbal")
    api = api_client.as_user(carer.user)
    assert api.get(f"/api/v1/referrals/{referral_id}").status_code == 404
    assert api.get("/api/v1/referrals?box=incoming").json()["count"] == 0
