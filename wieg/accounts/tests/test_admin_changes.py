"""The administrator's back door, closed: an administrator who sets a professional's password and removes
their second factor cannot sign in as them and read care data. The account is held until its owner chose a
password and a second factor of their own, and the change shows in the access log of the professional's
families, where the coordinator and the parents read it. Administrators need a second factor themselves."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client, override_settings

from wieg.accounts.models import ApiToken, Notification
from wieg.care.models import AccessEvent
from wieg.care.selectors import access_log
from wieg.portal.selectors import plain_line
from wieg.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTACKER_PASSWORD = "chosen-by-the-admin-7741"


def _code(secret):
    return f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"


@pytest.fixture
def admin_client(world):
    """The administrator, signed in with their own second factor, as WIEG_REQUIRE_MFA demands."""
    TOTP.activate(world.admin_user, generate_totp_secret())
    client = Client()
    client.force_login(world.admin_user)
    return client


def _admin_sets_password_and_removes_factor(admin_client, user):
    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": ATTACKER_PASSWORD, "password2": ATTACKER_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    factor = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    response = admin_client.post(f"/admin/mfa/authenticator/{factor.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@override_settings(WIEG_REQUIRE_MFA=True)
def test_the_admin_cannot_read_care_data_through_an_account_it_just_changed(world, admin_client):
    coordinator = world.coordinator.user
    TOTP.activate(coordinator, generate_totp_secret())
    _, old_token = ApiToken.issue(coordinator)
    _admin_sets_password_and_removes_factor(admin_client, coordinator)

    # The attack: sign in as the professional with the password the admin chose.
    attacker = Client()
    response = attacker.post("/accounts/login/", {"login": "coordinator", "password": ATTACKER_PASSWORD})
    assert response.status_code == 302
    change_password = "/accounts/password/change/"
    for path in (
        "/caseload/",
        f"/trajectories/{world.t.public_id}/",
        f"/trajectories/{world.t.public_id}/access-log/",
        "/plans/worklist/",
    ):
        response = attacker.get(path)
        assert (response.status_code, response["Location"]) == (302, change_password), path
    htmx = attacker.get(f"/trajectories/{world.t.public_id}/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == change_password
    assert world.t.pregnant_person.family_name not in attacker.get("/", follow=True).content.decode()
    # Every channel: the professional's own tokens stop working too, until they enrolled again.
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {old_token}"}
    assert Client().get(f"/api/v1/trajectories/{world.t.public_id}", **bearer).status_code == 401
    assert Client().get(f"/fhir/r4/EpisodeOfCare/{world.t.public_id}", **bearer).status_code == 401

    # The log the coordinator and the parents read names the administrator and the professional.
    events = AccessEvent.objects.filter(trajectory=world.t, actor_kind="admin").order_by("id")
    assert [(e.object_type, e.author_name, e.detail) for e in events] == [
        ("AccountPassword", world.admin_user.get_full_name() or "admin", world.coordinator.display_name),
        ("AccountSecondFactor", world.admin_user.get_full_name() or "admin", world.coordinator.display_name),
    ]
    parent = world.actor("parent")
    lines = [plain_line(e, parent) for e in access_log(parent, world.t).filter(actor_kind="admin")]
    assert all(world.coordinator.display_name in line.what for line in lines)
    assert all(line.who.startswith("Beheerder") for line in lines)
    parent_client = Client()
    parent_client.force_login(world.parent_user)
    page = parent_client.get("/portal/access-log/", {"t": world.t.public_id}).content.decode()
    assert "koos een nieuw wachtwoord voor" in page and world.coordinator.display_name in page
    # The professional is told.
    assert Notification.objects.filter(user=coordinator, subject__contains="beheerder").exists()


@override_settings(WIEG_REQUIRE_MFA=False)
def test_the_hold_stands_without_required_mfa_and_ends_when_the_owner_enrolled_again(
    world, admin_client, django_capture_on_commit_callbacks
):
    coordinator = world.coordinator.user
    TOTP.activate(coordinator, generate_totp_secret())
    _admin_sets_password_and_removes_factor(admin_client, coordinator)
    owner = Client()
    owner.post("/accounts/login/", {"login": "coordinator", "password": ATTACKER_PASSWORD})
    response = owner.post(
        "/accounts/password/change/",
        {
            "oldpassword": ATTACKER_PASSWORD,
            "password1": "my-own-new-pass-5521",
            "password2": "my-own-new-pass-5521",
        },
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert not coordinator.must_choose_password and coordinator.must_enrol_second_factor
    # A removed second factor must be set up again, even where MFA is not required.
    assert owner.get("/caseload/")["Location"] == "/accounts/2fa/totp/activate/"
    response = owner.get("/accounts/2fa/totp/activate/", follow=True)
    if "reauthenticate" in response.redirect_chain[-1][0]:
        owner.post(response.redirect_chain[-1][0], {"password": "my-own-new-pass-5521"})
    page = owner.get("/accounts/2fa/totp/activate/")
    secret = owner.session["mfa.totp.secret"]
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # allauth announces the factor on commit
        response = owner.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert not coordinator.must_enrol_second_factor
    assert owner.get("/caseload/").status_code == 200
    assert AccessEvent.objects.filter(
        trajectory=world.t, object_type="AccountReenrolment", author_name=world.coordinator.display_name
    ).exists()


@override_settings(WIEG_REQUIRE_MFA=True)
def test_administrators_need_a_second_factor_too(world, client):
    client.force_login(world.admin_user)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"
    staff_professional = world.outsider.user
    staff_professional.is_staff = True
    staff_professional.save()
    client.force_login(staff_professional)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"


def test_the_admin_signs_in_through_wiegs_own_login(client, world):
    """Django's admin login form knows no second factor and no throttling: it sends to ours."""
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_account_created_by_an_administrator_chooses_its_own_password(world, admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newnurse",
            "password1": ATTACKER_PASSWORD,
            "password2": ATTACKER_PASSWORD,
            "usable_password": "true",
            "kind": "professional",
            "preferred_language": "nl",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="newnurse").must_choose_password


def test_relinking_a_professional_to_another_account_holds_that_account(world, admin_client):
    stranger = UserFactory(username="stranger", kind="professional")
    professional = world.coordinator
    response = admin_client.get(f"/admin/directory/professional/{professional.pk}/change/")
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "user": stranger.pk,
            "membership_set-TOTAL_FORMS": "0",
            "membership_set-INITIAL_FORMS": "0",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    response = admin_client.post(f"/admin/directory/professional/{professional.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    stranger.refresh_from_db()
    assert stranger.must_choose_password and stranger.must_enrol_second_factor
    assert AccessEvent.objects.filter(trajectory=world.t, object_type="AccountLink").exists()


def test_administrators_may_not_add_a_second_factor_or_a_token_for_someone(world, admin_client):
    assert admin_client.get("/admin/mfa/authenticator/add/").status_code == 403
    assert admin_client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_a_person_changing_their_own_account_is_no_admin_change(world):
    from wieg.accounts.services import account_hold

    assert account_hold(admin=world.admin_user, user=world.admin_user, change="password") is False
    world.admin_user.refresh_from_db()
    assert not world.admin_user.must_choose_password
