"""Parallel requests on real PostgreSQL connections: one open consent, one open break-the-glass, one
coordinator, whatever the timing.

Each test holds the first request inside its critical section for a moment (a short sleep after the row
lock), so that the others are certainly running at the same time: without the lock-first order or the
database guards, every one of these tests leaves two results behind.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from wieg.accounts.models import ApiToken
from wieg.care import services
from wieg.care.models import BreakGlassAccess, Consent, ConsentAmendment, CoordinatorAssignment
from wieg.care.services import break_glass as break_glass_module
from wieg.care.services import consent as consent_module
from wieg.care.services import team as team_module
from wieg.core.errors import DomainError
from wieg.testing.factories import make_professional

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="Needs PostgreSQL: SQLite serialises writers, so requests never overlap there.",
    ),
    pytest.mark.django_db(transaction=True),
]

HOLD = 0.2  # seconds the first request holds its lock


def _slow(monkeypatch, module, name):
    """Make `module.name` take a moment, inside the service's transaction."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        result = real(*args, **kwargs)
        time.sleep(HOLD)
        return result

    monkeypatch.setattr(module, name, slow)


def _in_parallel(count, work):
    """Run work(i) in `count` threads that start together; each thread uses its own connection."""
    barrier = threading.Barrier(count, timeout=20)
    results: dict[int, object] = {}

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the test asserts on what came back
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == count, "a request did not finish"
    return [results[i] for i in range(count)]


def _api(user):
    _, token = ApiToken.issue(user)
    return token


def test_parallel_consent_posts_leave_one_open_consent(world, monkeypatch):
    """Nine parallel POSTs for the OCMW: one 201, the others 200 on the same consent, amended in turn."""
    _slow(monkeypatch, consent_module, "clean_categories")
    token = _api(world.coordinator.user)
    url = f"/api/v1/trajectories/{world.t.public_id}/consents"
    extra = ["care_plan", "medical", "psychosocial"]

    def post(i):
        response = Client().post(
            url,
            {
                "organisation_id": str(world.ocmw.public_id),
                "categories": ["contact", extra[i % 3]],
                "recorded_via": "verbal",
            },
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        return response.status_code, response.json().get("id")

    results = _in_parallel(9, post)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * 8 + [201], results
    open_consents = Consent.objects.filter(
        trajectory=world.t, organisation=world.ocmw, withdrawn_at__isnull=True
    )
    assert open_consents.count() == 1
    consent = open_consents.get()
    assert {consent_id for _, consent_id in results} == {str(consent.public_id)}
    # Every request after the first changed the extra category or left it: the history says which.
    amendments = ConsentAmendment.objects.filter(consent=consent).count()
    assert 1 <= amendments <= 8
    # Withdrawing that one consent leaves the OCMW nothing.
    services.consent_withdraw(actor=world.actor("coordinator"), consent=consent, recorded_via="verbal")
    assert not Consent.objects.active().filter(trajectory=world.t, organisation=world.ocmw).exists()


def test_parallel_break_glass_requests_open_one_access(world, monkeypatch):
    """Twenty requests by the GP at once: one 201, nineteen 409, one access in the database."""
    _slow(monkeypatch, break_glass_module, "can_break_glass")
    token = _api(world.no_consent.user)
    url = f"/api/v1/trajectories/{world.t.public_id}/break-glass"

    def post(i):
        return (
            Client()
            .post(
                url,
                {"reason": "Spoedopname: de moeder is niet aanspreekbaar"},
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            .status_code
        )

    statuses = _in_parallel(20, post)
    assert sorted(statuses) == [201] + [409] * 19
    assert BreakGlassAccess.objects.filter(trajectory=world.t, professional=world.no_consent).count() == 1


def test_break_glass_guard_holds_without_the_lock(world, monkeypatch):
    """Even a write that skips the row lock meets the exclusion constraint: one access, the rest 409."""
    trajectories = break_glass_module.Trajectory.objects
    monkeypatch.setattr(trajectories, "select_for_update", lambda *a, **k: trajectories.all())
    _slow(monkeypatch, break_glass_module, "can_break_glass")

    def open_(i):
        try:
            services.break_glass_open(
                actor=world.actor("no_consent"),
                trajectory=world.t,
                reason="Spoedopname: de moeder is niet aanspreekbaar",
            )
            return "ok"
        except DomainError as exc:
            return exc.status

    results = _in_parallel(8, open_)
    assert results.count("ok") == 1 and results.count(409) == 7, results
    assert BreakGlassAccess.objects.filter(trajectory=world.t, professional=world.no_consent).count() == 1


def test_parallel_handovers_to_two_people_give_one_coordinator(world, monkeypatch):
    """The coordinator hands over to two colleagues at once: the second waits for the lock, then finds she
    no longer coordinates and is refused."""
    _slow(monkeypatch, team_module, "_check_joinable")
    first = make_professional("anke", world.kg, given_name="Anke", family_name="Mertens")
    second = make_professional("bart", world.kg, given_name="Bart", family_name="Goossens")
    targets = [first, second]

    def hand_over(i):
        try:
            services.coordinator_handover(
                actor=world.actor("coordinator"), trajectory=world.t, professional=targets[i]
            )
            return "ok"
        except DomainError as exc:
            return exc.status

    results = _in_parallel(2, hand_over)
    assert sorted(results, key=str) == [404, "ok"], results
    winner = targets[results.index("ok")]
    current = CoordinatorAssignment.objects.get(trajectory=world.t, end__isnull=True)
    assert current.professional == winner
    assert CoordinatorAssignment.objects.filter(trajectory=world.t).count() == 2
