"""The invitation pages: the coordinator's page and letter, and /invite/<code>/ for the parent."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from wieg.accounts.models import User
from wieg.care.models import AccessEvent
from wieg.directory.actors import actor_for
from wieg.portal import services
from wieg.portal.models import Invitation
from wieg.testing.factories import PersonFactory, make_trajectory
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

PASSWORD = "Zonnebloem-2026!"  # noqa: S105 - a test password


@pytest.fixture
def co_parent(world):
    return PersonFactory(
        family=world.t.family, role="co_parent", given_name="Jonas", family_name="De Smet", sex="male"
    )


def _issue(world, person, trajectory=None, channel="letter"):
    return services.invitation_create(
        actor=actor_for(world.coordinator.user),
        trajectory=trajectory or world.t,
        person=person,
        channel=channel,
    )


def _accept(client, code, username="jonas", password=PASSWORD, **extra):
    return client.post(
        f"/invite/{code}/",
        {"username": username, "password1": password, "password2": password},
        **extra,
    )


# --- the parent -------------------------------------------------------------------------------------------


def test_opening_the_invitation_shows_who_invites_and_logs_the_read(world, co_parent, client):
    issued = _issue(world, co_parent)
    page = client.get(f"/invite/{issued.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Welkom, Jonas" in html
    assert "Els Verhoeven (Kind en Gezin Gent-Centrum) nodigt u uit" in html
    assert 'value="jonas.desmet"' in html  # a user name is suggested
    opened = AccessEvent.objects.get(object_type="Invitation", action="read")
    assert opened.actor_kind == "anonymous" and opened.user_id is None
    assert opened.trajectory_id == world.t.pk
    # The code is typed as people do: lower case, without dashes.
    assert client.get(f"/invite/{issued.code.replace('-', '').lower()}/").status_code == 200


def test_accepting_makes_a_parent_account_linked_to_the_person(world, co_parent, client):
    issued = _issue(world, co_parent)
    response = _accept(client, issued.code)
    assert response.status_code == 302
    assert response["Location"].startswith("/portal/")
    user = User.objects.get(username="jonas")
    assert user.kind == "parent"
    assert (user.first_name, user.last_name) == ("Jonas", "De Smet")
    assert user.check_password(PASSWORD)
    co_parent.refresh_from_db()
    assert co_parent.user == user
    # The co-parent has an account of his own; the pregnant parent keeps hers.
    assert world.t.pregnant_person.user == world.parent_user
    invitation = Invitation.objects.get()
    assert invitation.status == "accepted" and invitation.accepted_by == user
    accepted = AccessEvent.objects.get(object_type="Invitation", action="update")
    assert accepted.user_id == user.pk and accepted.actor_kind == "parent"

    # Signed in at once, in the portal of his family.
    portal = client.get("/portal/")
    assert portal.status_code == 200
    assert "Dag Jonas" in portal.content.decode()
    team = client.get("/portal/team/").content.decode()
    assert "Els Verhoeven" in team


def test_a_reused_code_is_gone_in_the_users_language(world, co_parent, client):
    issued = _issue(world, co_parent)
    assert _accept(client, issued.code).status_code == 302
    stranger = Client()
    again = stranger.get(f"/invite/{issued.code}/")
    assert again.status_code == 410
    assert "Deze uitnodiging werd al gebruikt" in again.content.decode()
    french = Client(HTTP_ACCEPT_LANGUAGE="fr").get(f"/invite/{issued.code}/")
    assert french.status_code == 410
    assert "Cette invitation a déjà été utilisée" in french.content.decode()
    # A second account from the same code: refused, nothing made.
    assert _accept(stranger, issued.code, username="iemand").status_code == 410
    assert not User.objects.filter(username="iemand").exists()


def test_revoked_and_expired_codes_are_gone(world, co_parent, client):
    revoked = _issue(world, co_parent)
    services.invitation_revoke(actor=actor_for(world.coordinator.user), invitation=revoked.invitation)
    page = client.get(f"/invite/{revoked.code}/")
    assert page.status_code == 410
    assert "ingetrokken" in page.content.decode()

    expired = _issue(world, co_parent)
    Invitation.objects.filter(pk=expired.invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/invite/{expired.code}/")
    assert page.status_code == 410
    assert "This invitation has expired" in page.content.decode()
    assert _accept(client, expired.code).status_code == 410
    assert not User.objects.filter(username="jonas").exists()


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC", "kort", "0000-0000-0000"])
def test_unknown_or_malformed_codes_are_404_with_a_clear_page(world, client, code):
    page = Client(HTTP_ACCEPT_LANGUAGE="fr").get(f"/invite/{code}/")
    assert page.status_code == 404
    assert "Nous ne connaissons pas ce code" in page.content.decode()


def test_the_code_can_be_typed_on_the_start_page(world, co_parent, client):
    issued = _issue(world, co_parent)
    assert client.get("/invite/").status_code == 200
    typed = client.get("/invite/", {"code": issued.code.lower().replace("-", " ")})
    assert typed.status_code == 302
    assert client.get(typed["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "jonas", "password1": PASSWORD, "password2": PASSWORD + "x"}, "password2"),
        ({"username": "jonas", "password1": "12345678", "password2": "12345678"}, "password1"),
        ({"username": "parent", "password1": PASSWORD, "password2": PASSWORD}, "username"),
        ({"username": "jonas de smet", "password1": PASSWORD, "password2": PASSWORD}, "username"),
        ({"username": "", "password1": PASSWORD, "password2": PASSWORD}, "username"),
    ],
)
def test_bad_account_input_is_a_form_error_and_saves_nothing(world, co_parent, client, data, field):
    issued = _issue(world, co_parent)
    users = User.objects.count()
    page = client.post(f"/invite/{issued.code}/", data)
    assert page.status_code == 422
    assert field in page.context["form"].errors
    assert User.objects.count() == users
    co_parent.refresh_from_db()
    assert co_parent.user is None
    assert Invitation.objects.get().status == "pending"


def test_password_errors_in_french(world, co_parent):
    issued = _issue(world, co_parent)
    page = Client(HTTP_ACCEPT_LANGUAGE="fr").post(
        f"/invite/{issued.code}/", {"username": "jonas", "password1": PASSWORD, "password2": "autre"}
    )
    assert page.status_code == 422
    assert "Les deux mots de passe ne sont pas identiques." in page.content.decode()


def test_a_parent_with_an_account_adds_a_second_family(world, client):
    """Lotte has a second child with another partner, followed by the same coordinator."""
    second = make_trajectory(world.coordinator, world.kg, pregnant_person__given_name="Lotte")
    issued = _issue(world, second.pregnant_person, trajectory=second)
    client.force_login(world.parent_user)
    page = client.get(f"/invite/{issued.code}/")
    assert page.status_code == 200
    assert "Toevoegen aan mijn account" in page.content.decode()
    response = client.post(f"/invite/{issued.code}/link/")
    assert response.status_code == 302
    second.pregnant_person.refresh_from_db()
    assert second.pregnant_person.user == world.parent_user
    portal = client.get("/portal/").content.decode()
    assert 'name="t"' in portal  # she chooses between her two files
    assert str(world.t.public_id) in portal and str(second.public_id) in portal
    assert client.get(f"/portal/team/?t={second.public_id}").status_code == 200


def test_a_parent_cannot_take_the_co_parents_invitation_into_her_own_account(world, co_parent, client):
    issued = _issue(world, co_parent)
    client.force_login(world.parent_user)
    response = client.post(f"/invite/{issued.code}/link/")
    assert response.status_code == 409
    assert "Uw account hoort al bij dit gezin" in response.content.decode()
    co_parent.refresh_from_db()
    assert co_parent.user is None
    # Nor make a second account while signed in.
    assert _accept(client, issued.code).status_code == 409
    assert Invitation.objects.get().status == "pending"


def test_a_signed_in_professional_is_asked_to_sign_out(world, co_parent, client):
    issued = _issue(world, co_parent)
    client.force_login(world.member.user)
    page = client.get(f"/invite/{issued.code}/")
    assert "Meld u eerst af" in page.content.decode()
    assert client.post(f"/invite/{issued.code}/link/").status_code == 409
    co_parent.refresh_from_db()
    assert co_parent.user is None


def test_the_parents_see_the_invitation_in_their_access_log(world, co_parent, client):
    issued = _issue(world, co_parent)
    Client().get(f"/invite/{issued.code}/")
    client.force_login(world.parent_user)
    log = client.get("/portal/access-log/").content.decode()
    assert "nodigde iemand van uw gezin uit voor Wieg" in log
    assert "Iemand met een uitnodigingscode" in log


# --- the coordinator --------------------------------------------------------------------------------------


def test_coordinator_invites_by_letter_and_prints_it_in_the_familys_language(world, co_parent, client):
    world.t.family.preferred_language = "fr"
    world.t.family.save()
    client.force_login(world.coordinator.user)
    page = client.get(f"/trajectories/{world.t.public_id}/invitations/")
    assert page.status_code == 200
    assert page.context["form"].initial["language"] == "fr"
    letter = client.post(
        f"/trajectories/{world.t.public_id}/invitations/",
        {"person": str(co_parent.public_id), "channel": "letter", "language": "fr"},
    )
    assert letter.status_code == 200
    html = letter.content.decode()
    assert "Bonjour Jonas," in html
    assert "Els Verhoeven (Kind en Gezin Gent-Centrum) vous invite dans Wieg" in html
    assert "Brief afdrukken" in html  # the coordinator's own buttons stay in her language
    code = letter.context["code"]
    assert f"/invite/{code}/" in html
    assert Invitation.objects.get().language == "fr"
    listed = client.get(f"/trajectories/{world.t.public_id}/invitations/").content.decode()
    assert code not in listed
    assert "Jonas De Smet" in listed and "open" in listed


def test_coordinator_form_errors_are_shown_and_nothing_is_saved(world, co_parent, client):
    client.force_login(world.coordinator.user)
    page = client.post(
        f"/trajectories/{world.t.public_id}/invitations/",
        {"person": str(co_parent.public_id), "channel": "sms", "phone": "0470", "language": "nl"},
    )
    assert page.status_code == 422
    assert "Dit is geen geldig telefoonnummer." in page.content.decode()
    assert not Invitation.objects.exists()


def test_coordinator_revokes_from_the_page(world, co_parent, client):
    issued = _issue(world, co_parent)
    client.force_login(world.coordinator.user)
    url = f"/trajectories/{world.t.public_id}/invitations/{issued.invitation.public_id}/revoke/"
    assert client.post(url).status_code == 302
    assert Invitation.objects.get().status == "revoked"
    assert Client().get(f"/invite/{issued.code}/").status_code == 410


def test_the_trajectory_page_has_the_section(world, co_parent, client):
    client.force_login(world.coordinator.user)
    page = client.get(f"/trajectories/{world.t.public_id}/").content.decode()
    assert f"/trajectories/{world.t.public_id}/invitations/section/" in page
    section = client.get(f"/trajectories/{world.t.public_id}/invitations/section/").content.decode()
    assert "Jonas De Smet" in section and "nog geen account" in section
    client.force_login(world.member.user)
    section = client.get(f"/trajectories/{world.t.public_id}/invitations/section/")
    assert section.status_code == 200
    assert "Jonas" not in section.content.decode()


def _page(client, world, co_parent, pending, kind):
    base = f"/trajectories/{world.t.public_id}/invitations/"
    if kind == "list":
        return client.get(base)
    if kind == "invite":
        return client.post(base, {"person": str(co_parent.public_id), "channel": "letter", "language": "nl"})
    if kind == "revoke":
        return client.post(f"{base}{pending.public_id}/revoke/")
    return client.get(f"{base}section/")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", ["list", "invite", "revoke", "section"])
def test_page_permission_matrix(world, co_parent, client, persona, kind):
    pending = _issue(world, co_parent).invitation
    client.force_login(world.user(persona))
    response = _page(client, world, co_parent, pending, kind)
    sees_trajectory = persona in {"coordinator", "member"}
    if persona == "coordinator":
        expected = 302 if kind == "revoke" else 200
    elif kind == "section" and sees_trajectory:
        expected = 200  # one sentence: the coordinator invites
    else:
        expected = 404
    assert response.status_code == expected, (persona, kind)
    if persona != "coordinator":
        assert Invitation.objects.count() == 1
        pending.refresh_from_db()
        assert pending.revoked_at is None


def test_anonymous_visitors_are_sent_to_the_login(world, co_parent, client):
    assert client.get(f"/trajectories/{world.t.public_id}/invitations/").status_code == 302


# --- the directory -------------------------------------------------------------------------------------


def test_professional_national_number_is_validated(world):
    professional = world.coordinator
    professional.national_number = "85073003327"
    with pytest.raises(ValidationError):
        professional.full_clean()
    professional.national_number = "85073003328"
    professional.full_clean()
