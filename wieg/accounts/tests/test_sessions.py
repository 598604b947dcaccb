"""Sessions end after 30 minutes idle and 8 hours after signing in; failed logins are counted in the
database, by account and by address, the same for every web process."""

import time

import pytest
from django.core.cache import caches
from django.db import connection

from wieg.accounts.middleware import SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db


def _age(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_a_session_ends_after_30_idle_minutes(world, client, settings):
    assert settings.WIEG_SESSION_IDLE_MINUTES == 30
    client.force_login(world.coordinator.user)
    _age(client, **{SEEN_AT: 29 * 60})
    assert client.get("/caseload/").status_code == 200
    _age(client, **{SEEN_AT: 31 * 60})
    response = client.get("/caseload/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fcaseload%2F"
    assert client.get("/caseload/")["Location"].startswith("/accounts/login/")  # signed out for good


def test_a_session_ends_8_hours_after_signing_in_however_busy(world, client, settings):
    assert settings.WIEG_SESSION_MAX_HOURS == 8
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(world.coordinator.user)
    _age(client, **{SIGNED_IN_AT: 8 * 3600 - 60, SEEN_AT: 10})
    assert client.get("/caseload/").status_code == 200
    _age(client, **{SIGNED_IN_AT: 8 * 3600 + 1, SEEN_AT: 10})
    response = client.get("/caseload/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == "/accounts/login/"


def test_activity_keeps_a_session_alive_with_one_write_a_minute(world, client):
    client.force_login(world.coordinator.user)
    _age(client, **{SEEN_AT: 20 * 60})
    client.get("/caseload/")
    seen = client.session[SEEN_AT]
    assert int(time.time()) - seen < 5
    client.get("/caseload/")
    assert client.session[SEEN_AT] == seen  # not written again within the minute


def _login(client, username, password, address="127.0.0.1"):
    return client.post("/accounts/login/", {"login": username, "password": password}, REMOTE_ADDR=address)


def _refused(response) -> bool:
    return response.status_code == 200 and "too_many_login_attempts" in str(
        [e.code for e in response.context["form"].non_field_errors().as_data()]
    )


def test_failed_logins_lock_an_account_in_the_shared_database_cache(world, client, monkeypatch):
    for n in range(5):
        # From different addresses: the per-address limit stays out of the way.
        assert not _refused(_login(client, "coordinator", "wrong", address=f"10.0.0.{n}"))
    # Another web process has an empty local cache: the counts live in the database.
    caches["default"].clear()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM wieg_shared_cache")
        assert cursor.fetchone()[0] >= 1
    assert _refused(_login(client, "coordinator", "wieg-test-pass", address="10.0.1.1"))
    # Not for long: 5 minutes after the last failure the owner is let in.
    import allauth.core.internal.ratelimit as ratelimit

    later = time.time() + 5 * 60 + 1
    monkeypatch.setattr(ratelimit.time, "time", lambda: later)
    response = _login(client, "coordinator", "wieg-test-pass", address="10.0.1.1")
    assert response.status_code == 302


def test_failed_logins_from_one_address_are_limited_across_accounts(world, client):
    accounts = ["coordinator", "member", "no_consent", "excluded", "outsider"]
    for n in range(10):
        assert not _refused(_login(client, accounts[n % 5], "wrong", address="192.0.2.7"))
    assert _refused(_login(client, "analyst", "wrong", address="192.0.2.7"))
    # The same account from another address is not held by that address's failures.
    assert _login(client, "analyst", "wieg-test-pass", address="198.51.100.9").status_code == 302
