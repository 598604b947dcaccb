"""Notifications name the family they are about, and an unread urgent one comes before routine ones."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.accounts.models import Notification

pytestmark = pytest.mark.django_db


def test_an_unread_urgent_notification_comes_first_and_names_the_family(world, client):
    user = world.coordinator.user
    now = timezone.now()
    Notification.objects.create(
        user=user,
        subject="Dringend",
        about="Lotte Peeters",
        urgent=True,
        created_at=now - dt.timedelta(days=2),
    )
    for i in range(3):
        Notification.objects.create(user=user, subject=f"Routine {i}", created_at=now - dt.timedelta(hours=i))
    client.force_login(user)
    rows = client.get("/notifications/").context["notifications"]
    assert [n.subject for n in rows][:2] == ["Dringend", "Routine 0"]
    html = client.get("/notifications/").content.decode()
    assert "<strong>Lotte Peeters</strong>" in html


def test_an_urgent_screening_notification_carries_the_family_name(world):
    from wieg.screening.services import _notify_urgent

    _notify_urgent(world.t, None)
    note = Notification.objects.get(user=world.coordinator.user, urgent=True)
    assert note.about == world.t.pregnant_person.display_name
