"""The daily reminders: professionals hear of overdue items, parents of coming appointments.

Each reminder is sent once per item and person (Reminder rows), in the recipient's language, in the app
and by e-mail. E-mails to professionals carry no names: only a count and a link into Wieg.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import BigIntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wieg.accounts.actor import SYSTEM
from wieg.accounts.models import Notification, User
from wieg.care import audit
from wieg.care.models import CoordinatorAssignment, Person
from wieg.care.policies import scope
from wieg.core.workdays import add_working_days, is_working_day
from wieg.directory.actors import actor_for
from wieg.directory.models import Professional

from .models import PlanItem, Reminder
from .rules import missed_before, reminder_rule


@dataclass
class Sent:
    professionals: int = 0
    parents: int = 0
    items: int = 0


def _overdue_candidates(today: dt.date):
    grace = reminder_rule("overdue_after_working_days")
    # Closed at least `grace` working days ago: window_end before the (grace - 1)th working day back.
    cutoff = add_working_days(today, -(grace - 1)) if grace > 1 else today
    coordinator = CoordinatorAssignment.objects.filter(trajectory=OuterRef("trajectory"), end__isnull=True)
    return (
        PlanItem.objects.filter(
            status="planned",
            window_end__lt=cutoff,
            window_end__gte=missed_before(today),  # nobody is reminded of what was missed long ago
            trajectory__status="active",
        )
        .annotate(
            responsible=Coalesce(
                "owner_id",
                Subquery(coordinator.values("professional_id")[:1]),
                output_field=BigIntegerField(),
            )
        )
        .filter(responsible__isnull=False)
        .select_related("trajectory__pregnant_person")
        .order_by("window_end", "pk")
    )


def _not_yet(items, user_id, kind):
    done = set(
        Reminder.objects.filter(user_id=user_id, kind=kind, item_id__in=[i.pk for i in items]).values_list(
            "item_id", flat=True
        )
    )
    return [i for i in items if i.pk not in done]


def _send(user, subject, body, link, email_body, today, items, kind):
    Notification.objects.create(user=user, subject=subject[:200], body=body, link=link)
    Reminder.objects.bulk_create([Reminder(item=i, user=user, kind=kind, sent_on=today) for i in items])
    if user.email:
        send_mail(subject, email_body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)


def remind_professionals(today: dt.date, sent: Sent) -> None:
    by_professional = defaultdict(list)
    for item in _overdue_candidates(today):
        by_professional[item.responsible].append(item)
    professionals = Professional.objects.filter(pk__in=by_professional, user__isnull=False).select_related(
        "user"
    )
    link = reverse("pathways:worklist") + "?section=overdue"
    for professional in professionals:
        user = professional.user
        if not user.is_active:
            continue
        actor = actor_for(user, channel="system")
        items = by_professional[professional.pk]
        visible = set(
            scope(actor, "care_plan.view", PlanItem.objects.filter(pk__in=[i.pk for i in items])).values_list(
                "pk", flat=True
            )
        )
        items = _not_yet([i for i in items if i.pk in visible], user.pk, "overdue")
        if not items:
            continue
        with translation.override(user.preferred_language):
            subject = ngettext(
                "%(n)d item in je werklijst is te laat",
                "%(n)d items in je werklijst zijn te laat",
                len(items),
            ) % {"n": len(items)}
            lines = [
                "- "
                + _("%(name)s: %(title)s (tot %(end)s)")
                % {
                    "name": i.trajectory.pregnant_person.display_name,
                    "title": i.title,
                    "end": f"{i.window_end:%d/%m/%Y}",
                }
                for i in items[:50]
            ]
            email_body = _("Open je werklijst in Wieg om ze te bekijken.")
            _send(
                user, subject, "\n".join(lines), link, f"{subject}.\n\n{email_body}", today, items, "overdue"
            )
        audit.record_many(
            SYSTEM,
            "list",
            list({i.trajectory_id: i.trajectory for i in items}.values()),
            category="care_plan",
            detail=f"overdue reminder to professional {professional.pk}",
        )
        sent.professionals += 1
        sent.items += len(items)


def remind_parents(today: dt.date, sent: Sent) -> None:
    ahead = today + dt.timedelta(days=reminder_rule("parents_days_ahead"))
    items = list(
        PlanItem.objects.filter(
            status="planned",
            window_start__gt=today,
            window_start__lte=ahead,
            trajectory__status="active",
            kind__in=reminder_rule("parent_kinds"),
        )
        .select_related("trajectory")
        .order_by("window_start", "pk")
    )
    by_family = defaultdict(list)
    for item in items:
        by_family[item.trajectory.family_id].append(item)
    parents = Person.objects.filter(
        family_id__in=by_family, user__isnull=False, user__kind="parent", user__is_active=True
    ).select_related("user")
    for person in parents:
        user: User = person.user
        mine = _not_yet(by_family[person.family_id], user.pk, "upcoming")
        if not mine:
            continue
        with translation.override(user.preferred_language):
            subject = ngettext(
                "Binnenkort: %(n)d afspraak in je zorgplan",
                "Binnenkort: %(n)d afspraken in je zorgplan",
                len(mine),
            ) % {"n": len(mine)}
            lines = [
                _("%(title)s, tussen %(start)s en %(end)s")
                % {"title": i.title, "start": f"{i.window_start:%d/%m/%Y}", "end": f"{i.window_end:%d/%m/%Y}"}
                for i in mine
            ]
            body = "\n".join(lines)
            email_body = f"{body}\n\n" + _(
                "Maak een afspraak met je vroedvrouw, arts of Kind en Gezin als dat nog niet gebeurd is."
            )
            _send(user, subject, body, "", email_body, today, mine, "upcoming")
        audit.record_many(
            SYSTEM,
            "list",
            list({i.trajectory_id: i.trajectory for i in mine}.values()),
            category="care_plan",
            detail="upcoming reminder to parent",
        )
        sent.parents += 1
        sent.items += len(mine)


@transaction.atomic
def send_reminders(today: dt.date) -> Sent:
    sent = Sent()
    # Work reminders wait for a working day (weekends and Belgian public holidays).
    if is_working_day(today):
        remind_professionals(today, sent)
    remind_parents(today, sent)
    return sent
