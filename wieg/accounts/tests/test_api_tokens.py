"""API tokens expire, their owner lists and revokes them (page and API), and a professional without a second
factor cannot use one when MFA is required."""

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import override_settings
from django.utils import timezone

from wieg.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def _get(client, token, path="/api/v1/me/tokens"):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_expires_after_the_set_number_of_days(world, client, settings):
    settings.WIEG_API_TOKEN_DAYS = 30
    token, raw = ApiToken.issue(world.coordinator.user)
    assert dt.timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    assert _get(client, raw).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _get(client, raw).status_code == 401
    assert (
        client.get(
            f"/fhir/r4/EpisodeOfCare/{world.t.public_id}", HTTP_AUTHORIZATION=f"Bearer {raw}"
        ).status_code
        == 401
    )


def test_the_owner_lists_and_revokes_tokens_through_the_api(world, client):
    mine, raw = ApiToken.issue(world.coordinator.user, label="script")
    other, _ = ApiToken.issue(world.coordinator.user, label="old laptop")
    foreign, _ = ApiToken.issue(world.member.user, label="not mine")
    listed = _get(client, raw).json()
    assert {t["label"] for t in listed} == {"script", "old laptop"}
    assert all(set(t) == {"id", "label", "created_at", "expires_at", "revoked_at", "status"} for t in listed)
    assert "key_hash" not in str(listed)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.delete(f"/api/v1/me/tokens/{foreign.public_id}", **auth).status_code == 404
    assert client.delete(f"/api/v1/me/tokens/{other.public_id}", **auth).status_code == 204
    other.refresh_from_db()
    foreign.refresh_from_db()
    assert other.revoked_at is not None and foreign.revoked_at is None
    assert {t["status"] for t in _get(client, raw).json()} == {"active", "revoked"}
    assert client.delete(f"/api/v1/me/tokens/{mine.public_id}", **auth).status_code == 204
    assert _get(client, raw).status_code == 401  # it revoked itself


def test_the_owner_lists_and_revokes_tokens_on_a_page(world, client):
    token, raw = ApiToken.issue(world.coordinator.user, label="rapportage")
    foreign, _ = ApiToken.issue(world.member.user, label="van een ander")
    client.force_login(world.coordinator.user)
    html = client.get("/api-tokens/").content.decode()
    assert "rapportage" in html and "van een ander" not in html
    assert client.post(f"/api-tokens/{foreign.public_id}/revoke/").status_code == 404
    response = client.post(f"/api-tokens/{token.public_id}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "ingetrokken" in client.get("/api-tokens/").content.decode()
    assert _get(client.__class__(), raw).status_code == 401


@override_settings(WIEG_REQUIRE_MFA=True)
def test_tokens_are_refused_without_a_second_factor_when_mfa_is_required(world, client):
    _, professional = ApiToken.issue(world.coordinator.user)
    _, admin = ApiToken.issue(world.admin_user)
    _, parent = ApiToken.issue(world.parent_user)
    assert _get(client, professional).status_code == 401
    assert _get(client, admin).status_code == 401
    assert _get(client, parent).status_code == 200  # parents are not asked for a second factor
    TOTP.activate(world.coordinator.user, generate_totp_secret())
    assert _get(client, professional).status_code == 200


def test_authenticating_a_token_is_one_query(world, django_assert_num_queries):
    _, raw = ApiToken.issue(world.coordinator.user)
    with django_assert_num_queries(1):
        assert ApiToken.objects.authenticate(raw) is not None
