"""Invitations in the API: only the coordinator invites, lists and revokes; messages carry a link."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from wieg.care.models import AccessEvent
from wieg.core import sms
from wieg.portal.models import Invitation, code_hash
from wieg.testing.factories import PersonFactory
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

LOCMEM_SMS = "wieg.core.sms.backends.locmem.SmsBackend"


@pytest.fixture
def co_parent(world):
    return PersonFactory(
        family=world.t.family, role="co_parent", given_name="Jonas", family_name="De Smet", sex="male"
    )


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.WIEG_SMS_BACKEND = LOCMEM_SMS
    settings.WIEG_PUBLIC_URL = "https://wieg.example"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _url(world):
    return f"/api/v1/trajectories/{world.t.public_id}/invitations"


def _invite(api, world, person, channel="letter", **extra):
    return api.post(_url(world), {"person_id": str(person.public_id), "channel": channel, **extra})


def test_coordinator_invites_by_letter_and_gets_the_code_once(world, co_parent, api_client):
    api = api_client.as_user(world.coordinator.user)
    before = timezone.now()
    response = _invite(api, world, co_parent)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["channel"] == "letter"
    assert body["person_id"] == str(co_parent.public_id)
    assert body["invited_by"]["display_name"] == "Els Verhoeven"
    assert body["invited_by"]["organisation"] == "Kind en Gezin Gent-Centrum"
    code = body["code"]
    assert len(code) == 14 and code.count("-") == 2
    assert body["url"] == f"https://wieg.example/invite/{code}/"
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(days=6, hours=23) < expires - before <= dt.timedelta(days=7, minutes=1)

    invitation = Invitation.objects.get(public_id=body["id"])
    # Only the hash is stored: the database cannot print a letter again.
    assert invitation.code_hash == code_hash(code) and code not in invitation.code_hash
    assert AccessEvent.objects.filter(
        object_type="Invitation", object_id=str(invitation.public_id), action="create", category="contact"
    ).exists()
    assert not mail.outbox and not sms.outbox

    listed = api.get(_url(world)).json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == body["id"]
    assert listed["items"][0]["code"] is None and listed["items"][0]["url"] is None


def test_validity_is_a_setting(world, co_parent, api_client, settings):
    settings.WIEG_INVITATION_DAYS = 3
    body = _invite(api_client.as_user(world.coordinator.user), world, co_parent).json()
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(days=2, hours=23) < expires - timezone.now() <= dt.timedelta(days=3)


def test_e_mail_carries_the_link_and_no_care_data(world, co_parent, api_client):
    world.t.family.preferred_language = "fr"
    world.t.family.save()
    response = _invite(
        api_client.as_user(world.coordinator.user), world, co_parent, "email", email="jonas@example.be"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] is None  # only a letter shows the code to the coordinator
    assert body["sent_to"] == "jonas@example.be"
    assert body["language"] == "fr"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jonas@example.be"]
    assert message.subject == "Votre invitation à Wieg"
    assert "https://wieg.example/invite/" in message.body
    for secret in ("Jonas", "De Smet", "Verhoeven", "Kind en Gezin", world.t.pregnant_person.family_name):
        assert secret not in message.body and secret not in message.subject
    assert world.t.due_date.strftime("%d/%m/%Y") not in message.body


def test_text_message_goes_to_the_number_in_e164_with_the_link_only(world, co_parent, api_client):
    response = _invite(
        api_client.as_user(world.coordinator.user), world, co_parent, "sms", phone="0470 12 34 56"
    )
    assert response.status_code == 201, response.content
    assert response.json()["sent_to"] == "+32470123456"
    assert len(sms.outbox) == 1
    message = sms.outbox[0]
    assert message.to == "+32470123456"
    assert message.sender == "Wieg"
    assert "https://wieg.example/invite/" in message.body
    assert "Jonas" not in message.body and "Verhoeven" not in message.body
    assert len(message.body) <= 160


def test_text_message_goes_to_the_mobile_on_file_when_none_is_typed(world, co_parent, api_client):
    co_parent.phones = [
        {"number": "+3292345678", "label": "home"},
        {"number": "+32471987654", "label": "mobile"},
    ]
    co_parent.save(update_fields=["phones"])
    response = _invite(api_client.as_user(world.coordinator.user), world, co_parent, "sms")
    assert response.status_code == 201, response.content
    assert [m.to for m in sms.outbox] == ["+32471987654"]


def test_no_text_message_to_someone_not_safe_to_contact(world, co_parent, api_client):
    co_parent.safe_to_contact = False
    co_parent.save(update_fields=["safe_to_contact"])
    response = _invite(
        api_client.as_user(world.coordinator.user), world, co_parent, "sms", phone="0470 12 34 56"
    )
    assert response.status_code == 409
    assert not sms.outbox


@pytest.mark.parametrize(
    ("channel", "extra", "field"),
    [
        ("email", {"email": "jonas-at-example"}, "email"),
        ("email", {}, "email"),
        ("sms", {"phone": "0470 12"}, "phone"),
        ("sms", {"phone": "09 123 45 67"}, "phone"),  # a landline cannot receive a text message
        ("sms", {}, "phone"),
        ("pigeon", {}, "channel"),
        ("letter", {"language": "de"}, "language"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_saves_nothing(
    world, co_parent, api_client, channel, extra, field
):
    response = _invite(api_client.as_user(world.coordinator.user), world, co_parent, channel, **extra)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not Invitation.objects.exists()
    assert not mail.outbox and not sms.outbox


def test_bad_phone_number_is_explained_in_french(world, co_parent, api_client):
    api = api_client.as_user(world.coordinator.user)
    payload = {"person_id": str(co_parent.public_id), "channel": "sms", "phone": "12"}
    response = api.post(_url(world), payload, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "phone", "message": "Ce n'est pas un numéro de téléphone valide."}
    ]


def test_who_cannot_be_invited(world, co_parent, api_client):
    api = api_client.as_user(world.coordinator.user)
    child = PersonFactory(family=world.t.family, role="child", given_name="Noor")
    stranger = PersonFactory(family=world.other_t.family, role="co_parent")
    assert _invite(api, world, child).status_code == 422
    answer = _invite(api, world, stranger)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "person_id"
    # The pregnant parent has an account already.
    assert _invite(api, world, world.t.pregnant_person).status_code == 409
    assert not Invitation.objects.exists()


def test_a_new_invitation_revokes_the_open_one_of_the_same_person(world, co_parent, api_client):
    api = api_client.as_user(world.coordinator.user)
    first = _invite(api, world, co_parent).json()
    second = _invite(api, world, co_parent).json()
    statuses = {i["id"]: i["status"] for i in api.get(_url(world)).json()["items"]}
    assert statuses == {first["id"]: "revoked", second["id"]: "pending"}


def test_revoke_once(world, co_parent, api_client):
    api = api_client.as_user(world.coordinator.user)
    created = _invite(api, world, co_parent).json()
    response = api.post(f"/api/v1/invitations/{created['id']}/revoke")
    assert response.status_code == 200
    assert response.json()["status"] == "revoked"
    assert api.post(f"/api/v1/invitations/{created['id']}/revoke").status_code == 409
    assert AccessEvent.objects.filter(object_type="Invitation", action="delete").count() == 1


class _Provider(BaseHTTPRequestHandler):
    status = 500
    received: list = []

    def do_POST(self):
        self.received.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(self.status)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_failed_text_message_saves_no_invitation(world, co_parent, api_client, settings):
    server = HTTPServer(("127.0.0.1", 0), _Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.WIEG_SMS_BACKEND = "wieg.core.sms.backends.http.SmsBackend"
        settings.WIEG_SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/messages"
        response = _invite(
            api_client.as_user(world.coordinator.user), world, co_parent, "sms", phone="0470123456"
        )
    finally:
        server.shutdown()
        server.server_close()
    assert response.status_code == 502
    assert "brief" in response.json()["detail"]
    assert json.loads(_Provider.received[-1])["to"] == "+32470123456"
    assert not Invitation.objects.exists()
    assert not AccessEvent.objects.filter(object_type="Invitation").exists()


ENDPOINTS = ("create", "list", "revoke")
EXPECTED = {"create": 201, "list": 200, "revoke": 200}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_permission_matrix(world, co_parent, api_client, persona, endpoint):
    """Only the coordinator; everyone else, the team included, gets the same 404 as a stranger."""
    from wieg.directory.actors import actor_for
    from wieg.portal import services

    pending = services.invitation_create(
        actor=actor_for(world.coordinator.user), trajectory=world.t, person=co_parent, channel="letter"
    ).invitation
    api = api_client.as_user(world.user(persona))
    if endpoint == "create":
        response = _invite(api, world, co_parent)
    elif endpoint == "list":
        response = api.get(_url(world))
    else:
        response = api.post(f"/api/v1/invitations/{pending.public_id}/revoke")
    expected = EXPECTED[endpoint] if persona == "coordinator" else 404
    assert response.status_code == expected, (persona, endpoint, response.content)
    pending.refresh_from_db()
    if persona != "coordinator":
        assert Invitation.objects.count() == 1
        assert pending.revoked_at is None
        assert response["Content-Type"] == "application/problem+json"


def test_unknown_trajectory_and_invitation_are_404(world, api_client):
    import uuid

    api = api_client.as_user(world.coordinator.user)
    assert api.get(f"/api/v1/trajectories/{uuid.uuid4()}/invitations").status_code == 404
    assert api.post(f"/api/v1/invitations/{uuid.uuid4()}/revoke").status_code == 404
