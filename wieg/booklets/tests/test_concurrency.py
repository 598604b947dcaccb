"""Never twice, under concurrent requests: the database constraint decides, exactly one hand-out wins."""

import contextlib
import threading

import pytest
from django.conf import settings
from django.db import connections

from wieg.booklets import selectors, services
from wieg.booklets.models import Distribution
from wieg.core.errors import Conflict


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="Needs PostgreSQL: SQLite serialises writers, so the two requests can never overlap.",
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_hand_outs_exactly_one_succeeds(world, monkeypatch):
    coordinator, midwife = world.actor("coordinator"), world.actor("member")
    # Both requests pass the friendly check before either writes, as two simultaneous requests would:
    # only the database constraint stands between them and a second booklet.
    real_check = selectors.child_booklet_of
    barrier = threading.Barrier(2, timeout=10)

    def check_then_wait(trajectory, child_number=1):
        found = real_check(trajectory, child_number)
        if found is None and threading.current_thread() is not threading.main_thread():
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return found

    monkeypatch.setattr(selectors, "child_booklet_of", check_then_wait)
    results = {}

    def hand_out(name, actor, step):
        try:
            services.distribution_record(actor=actor, trajectory=world.t, step=step)
            results[name] = "ok"
        except Conflict as exc:
            results[name] = str(exc.message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=hand_out, args=("kg", coordinator, "prenatal_intake")),
        threading.Thread(target=hand_out, args=("midwife", midwife, "independent_midwife")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["kg", "midwife"]
    assert list(results.values()).count("ok") == 1
    refusal = next(v for v in results.values() if v != "ok")
    winner = Distribution.objects.get(trajectory=world.t)
    assert winner.professional.display_name in refusal
    assert Distribution.objects.filter(trajectory=world.t).count() == 1
