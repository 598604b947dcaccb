"""Login, the second factor, notifications, the organisation switcher and the accounts-only admin."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib import admin
from django.test import override_settings

from wieg.accounts.models import Notification
from wieg.directory.middleware import ACTIVE_ORGANISATION_SESSION_KEY
from wieg.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_ours_and_translated(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Aanmelden bij Wieg" in html
    assert 'name="login"' in html and 'name="password"' in html
    client.cookies["wieg_language"] = "fr"
    assert "Se connecter à Wieg" in client.get("/accounts/login/").content.decode()
    client.cookies["wieg_language"] = "en"
    assert "Sign in to Wieg" in client.get("/accounts/login/").content.decode()


def test_login_with_password_leads_a_nurse_to_the_worklist(world, client):
    response = client.post(
        "/accounts/login/", {"login": "coordinator", "password": "wieg-test-pass"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/plans/worklist/"  # the worklist is a professional's home


def test_wrong_password_is_a_form_error_not_a_500(world, client):
    response = client.post("/accounts/login/", {"login": "coordinator", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def _totp_code(secret):
    return f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"


def test_login_asks_for_the_totp_code_when_set_up(world, client):
    secret = generate_totp_secret()
    TOTP.activate(world.coordinator.user, secret)
    response = client.post("/accounts/login/", {"login": "coordinator", "password": "wieg-test-pass"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/caseload/").status_code == 302  # not signed in yet
    response = client.post("/accounts/2fa/authenticate/", {"code": _totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/caseload/").status_code == 200


@override_settings(WIEG_REQUIRE_MFA=True)
def test_required_mfa_sends_professionals_to_set_up_totp(world, client):
    response = client.post(
        "/accounts/login/", {"login": "coordinator", "password": "wieg-test-pass"}, follow=True
    )
    assert ("/accounts/2fa/totp/activate/", 302) in response.redirect_chain
    # allauth asks for the password once more before a second factor is added.
    response = client.post(
        "/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/",
        {"password": "wieg-test-pass"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    assert client.get("/caseload/")["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get(f"/trajectories/{world.t.public_id}/")["Location"] == "/accounts/2fa/totp/activate/"


@override_settings(WIEG_REQUIRE_MFA=True)
def test_required_mfa_lets_professionals_with_totp_through(world, client):
    TOTP.activate(world.coordinator.user, generate_totp_secret())
    assert Authenticator.objects.filter(user=world.coordinator.user).exists()
    client.force_login(world.coordinator.user)
    assert client.get("/caseload/").status_code == 200


@override_settings(WIEG_REQUIRE_MFA=True)
@pytest.mark.parametrize("persona", ["parent", "analyst"])
def test_required_mfa_is_for_professionals_and_administrators_only(world, client, persona):
    client.force_login(world.user(persona))
    assert client.get("/").status_code in {200, 302}
    assert "/accounts/2fa/" not in client.get("/").get("Location", "")


@override_settings(WIEG_REQUIRE_MFA=False)
def test_mfa_not_required_by_default(world, client):
    client.force_login(world.coordinator.user)
    assert client.get("/caseload/").status_code == 200


# --- Notifications ---------------------------------------------------------------------------------


def test_unread_count_in_header_and_list(world, client):
    user = world.coordinator.user
    Notification.objects.create(user=user, subject="Noodtoegang", link=f"/trajectories/{world.t.public_id}/")
    Notification.objects.create(user=user, subject="Oud bericht")
    Notification.objects.create(user=world.member.user, subject="Niet voor jou")
    client.force_login(user)
    html = client.get("/caseload/").content.decode()
    assert 'data-unread="2"' in html
    listing = client.get("/notifications/").content.decode()
    assert "Noodtoegang" in listing and "Niet voor jou" not in listing


def test_opening_a_notification_marks_it_read_and_follows_the_link(world, client):
    n = Notification.objects.create(
        user=world.coordinator.user, subject="x", link=f"/trajectories/{world.t.public_id}/"
    )
    client.force_login(world.coordinator.user)
    response = client.post(f"/notifications/{n.pk}/open/")
    assert response["Location"] == n.link
    n.refresh_from_db()
    assert n.read_at is not None
    assert 'data-unread="0"' in client.get("/caseload/").content.decode()


def test_notification_links_stay_inside_wieg(world, client):
    n = Notification.objects.create(user=world.coordinator.user, subject="x", link="https://evil.example/")
    client.force_login(world.coordinator.user)
    assert client.post(f"/notifications/{n.pk}/open/")["Location"] == "/notifications/"


def test_someone_elses_notification_is_404(world, client):
    n = Notification.objects.create(user=world.member.user, subject="x")
    client.force_login(world.coordinator.user)
    assert client.post(f"/notifications/{n.pk}/open/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_read_all(world, client):
    for i in range(3):
        Notification.objects.create(user=world.coordinator.user, subject=str(i))
    client.force_login(world.coordinator.user)
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(user=world.coordinator.user, read_at__isnull=True).exists()


def test_notifications_need_login(client):
    assert client.get("/notifications/").status_code == 302


# --- Active organisation ---------------------------------------------------------------------------


def test_professional_with_two_organisations_switches(world, client):
    second = OrganisationFactory(name="Huis van het Kind Gent", kind="family_centre")
    MembershipFactory(professional=world.coordinator, organisation=second, role="reviewer")
    client.force_login(world.coordinator.user)
    html = client.get("/caseload/").content.decode()
    assert 'name="organisation"' in html and "Huis van het Kind Gent" in html
    assert "/review/" not in html  # not a reviewer for Kind en Gezin
    response = client.post("/organisation/", {"organisation": second.pk, "next": "/review/"})
    assert response["Location"] == "/review/"
    assert client.session[ACTIVE_ORGANISATION_SESSION_KEY] == second.pk
    assert client.get("/review/").status_code == 200  # a reviewer there
    # Access follows the organisation one acts for: the family's consent is for Kind en Gezin.
    from wieg.care.models import AccessEvent

    assert client.get(f"/trajectories/{world.t.public_id}/").status_code == 404
    client.post("/organisation/", {"organisation": world.kg.pk, "next": "/caseload/"})
    assert client.get(f"/trajectories/{world.t.public_id}/").status_code == 200
    assert (
        AccessEvent.objects.filter(action="read", trajectory=world.t).latest("id").organisation_id
        == world.kg.pk
    )


def test_cannot_switch_to_a_foreign_organisation(world, client):
    client.force_login(world.coordinator.user)
    assert client.post("/organisation/", {"organisation": world.ocmw.pk}).status_code == 404
    assert client.post("/organisation/", {"organisation": "abc"}).status_code == 404
    assert ACTIVE_ORGANISATION_SESSION_KEY not in client.session


def test_switch_ignores_an_outside_next_url(world, client):
    second = OrganisationFactory(name="Tweede")
    MembershipFactory(professional=world.coordinator, organisation=second)
    client.force_login(world.coordinator.user)
    assert (
        client.post("/organisation/", {"organisation": second.pk, "next": "https://evil.example/"})[
            "Location"
        ]
        == "/"
    )


def test_single_organisation_shows_no_switcher(world, client):
    client.force_login(world.coordinator.user)
    html = client.get("/caseload/").content.decode()
    assert 'name="organisation"' not in html
    assert "Kind en Gezin Gent-Centrum" in html


# --- Admin: accounts only --------------------------------------------------------------------------


def test_admin_manages_accounts(world, client):
    client.force_login(world.admin_user)
    assert client.get("/").status_code == 302
    assert client.get("/admin/accounts/user/").status_code == 200


def test_no_care_data_in_the_admin():
    assert not [m for m in admin.site._registry if m._meta.app_label == "care"]


@pytest.mark.parametrize("persona", ["coordinator", "parent", "analyst"])
def test_others_do_not_get_into_the_admin(world, client, persona):
    client.force_login(world.user(persona))
    assert client.get("/admin/accounts/user/").status_code == 302
