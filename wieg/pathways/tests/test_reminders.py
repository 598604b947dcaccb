import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from wieg.accounts.models import Notification
from wieg.care.models import Trajectory
from wieg.pathways.models import PlanItem
from wieg.pathways.reminders import send_reminders
from wieg.pathways.services import plan_generate

pytestmark = pytest.mark.django_db

# Friday 6 November 2026 -> Monday 9 November; Wednesday 11 November is Armistice Day (a public holiday).
FRIDAY = dt.date(2026, 11, 6)
MONDAY = dt.date(2026, 11, 9)
ARMISTICE = dt.date(2026, 11, 11)


@pytest.fixture
def planned(world):
    plan_generate(actor=world.actor("coordinator"), trajectory=world.t)
    user = world.user("coordinator")
    user.email, user.preferred_language = "els@example.be", "fr"
    user.save()
    parent = world.user("parent")
    parent.email, parent.preferred_language = "lotte@example.be", "en"
    parent.save()
    return world


def _only_item_ends(world, code, end):
    PlanItem.objects.filter(trajectory=world.t).exclude(code=code).update(status="done")
    PlanItem.objects.filter(trajectory=world.t, code=code).update(
        window_start=end - dt.timedelta(days=7), window_end=end
    )


def test_overdue_reminder_once_in_the_recipients_language(planned):
    _only_item_ends(planned, "prenatal.contact.16w", FRIDAY)
    sent = send_reminders(MONDAY)
    assert sent.professionals == 1
    note = Notification.objects.get(user=planned.user("coordinator"))
    assert "en retard" in note.subject  # French, her language
    assert planned.t.pregnant_person.display_name in note.body
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["els@example.be"]
    assert planned.t.pregnant_person.family_name not in mail.outbox[0].body  # no names by e-mail
    assert send_reminders(MONDAY + dt.timedelta(days=1)).professionals == 0  # once only


def test_no_work_reminders_on_public_holidays_and_weekends(planned):
    _only_item_ends(planned, "prenatal.contact.16w", dt.date(2026, 11, 9))
    assert send_reminders(ARMISTICE).professionals == 0
    assert send_reminders(dt.date(2026, 11, 14)).professionals == 0  # Saturday
    assert send_reminders(dt.date(2026, 11, 12)).professionals == 1


def test_closed_window_waits_one_working_day(planned):
    _only_item_ends(planned, "prenatal.contact.16w", MONDAY)
    assert send_reminders(MONDAY).professionals == 0
    assert send_reminders(MONDAY + dt.timedelta(days=1)).professionals == 1


def test_parents_hear_of_coming_appointments_in_their_language(planned):
    PlanItem.objects.filter(trajectory=planned.t).update(status="done")
    PlanItem.objects.filter(trajectory=planned.t, code="prenatal.ultrasound.2").update(
        status="planned",
        window_start=MONDAY + dt.timedelta(days=3),
        window_end=MONDAY + dt.timedelta(days=20),
    )
    sent = send_reminders(MONDAY)
    assert sent.parents == 2  # the pregnant parent and the co-parent, each with an account
    assert Notification.objects.filter(user=planned.user("co_parent")).count() == 1
    note = Notification.objects.get(user=planned.user("parent"))
    assert "Second ultrasound" in note.body
    assert "Soon" in note.subject
    assert send_reminders(MONDAY + dt.timedelta(days=1)).parents == 0


def test_closed_trajectories_are_left_alone(planned):
    _only_item_ends(planned, "prenatal.contact.16w", FRIDAY)
    Trajectory.objects.filter(pk=planned.t.pk).update(status="closed", closed_reason="moved_away")
    assert send_reminders(MONDAY).professionals == 0


def test_command(planned, capsys):
    _only_item_ends(planned, "prenatal.contact.16w", FRIDAY)
    call_command("send_pathway_reminders", "--date", MONDAY.isoformat())
    assert "1 professionals" in capsys.readouterr().out
