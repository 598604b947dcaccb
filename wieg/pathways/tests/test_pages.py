"""The pages: plan section, recording a contact from the plan, worklist, calendar, portal; permissions and
fixed query counts."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from wieg.pathways.models import Contact, PlanItem
from wieg.pathways.services import contact_record, plan_generate
from wieg.testing.factories import make_trajectory
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def planned(world):
    plan_generate(actor=world.actor("coordinator"), trajectory=world.t)
    return world


def _login(client, world, persona):
    client.force_login(world.user(persona))
    return client


def _plan_url(t):
    return reverse("pathways:plan_section", kwargs={"trajectory_id": t.public_id})


PLAN_SEES = {"coordinator", "member"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_section_matrix(client, planned, persona):
    response = _login(client, planned, persona).get(_plan_url(planned.t), **HTMX)
    assert response.status_code == (200 if persona in PLAN_SEES else 404)
    if response.status_code == 200:
        assert 'id="plan-section"' in response.content.decode()
        assert "<html" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_recording_a_contact_matrix(client, planned, persona):
    item = PlanItem.objects.filter(trajectory=planned.t, code="prenatal.contact.booking").get()
    url = reverse(
        "pathways:item_contact", kwargs={"trajectory_id": planned.t.public_id, "item_id": item.public_id}
    )
    response = _login(client, planned, persona).post(
        url, {"date": timezone.localdate().isoformat(), "kind": "consultation"}, **HTMX
    )
    assert response.status_code == (200 if persona in PLAN_SEES else 404)
    item.refresh_from_db()
    assert (item.status == "done") is (persona in PLAN_SEES)


def test_recording_a_contact_from_the_plan_turns_the_item_done(client, planned):
    item = PlanItem.objects.get(trajectory=planned.t, code="prenatal.contact.booking")
    url = reverse(
        "pathways:item_contact", kwargs={"trajectory_id": planned.t.public_id, "item_id": item.public_id}
    )
    client = _login(client, planned, "coordinator")
    form = client.get(url, **HTMX)
    assert 'id="contact-form"' in form.content.decode()
    assert 'name="note_psychosocial"' in form.content.decode()
    response = client.post(
        url,
        {
            "date": timezone.localdate().isoformat(),
            "kind": "home_visit",
            "note_psychosocial": "Zorgen over huisvesting",
            "checklist": ["care_plan"],
        },
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="item-{item.public_id}" data-code="prenatal.contact.booking" data-status="done"' in html
    assert "Zorgen over huisvesting" in html
    contact = Contact.objects.get(trajectory=planned.t)
    assert contact.checklist == ["care_plan"] and contact.plan_item == item


def test_a_bad_contact_is_a_field_error_not_a_500(client, planned):
    item = PlanItem.objects.get(trajectory=planned.t, code="prenatal.contact.28w")
    url = reverse(
        "pathways:item_contact", kwargs={"trajectory_id": planned.t.public_id, "item_id": item.public_id}
    )
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = _login(client, planned, "coordinator").post(
        url, {"date": future, "kind": "consultation"}, **HTMX
    )
    assert response.status_code == 422
    assert "errorlist" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "planned"


def test_member_without_psychosocial_consent_does_not_see_those_notes(client, planned):
    contact_record(
        actor=planned.actor("coordinator"),
        trajectory=planned.t,
        date=timezone.localdate(),
        kind="consultation",
        notes={"psychosocial": "Partnergeweld vermoed", "medical": "Bloeddruk 12/8"},
    )
    html = _login(client, planned, "member").get(_plan_url(planned.t), **HTMX).content.decode()
    assert "Bloeddruk 12/8" in html
    assert "Partnergeweld" not in html
    assert (
        'name="note_psychosocial"'
        not in _login(client, planned, "member")
        .get(reverse("pathways:contact_new", kwargs={"trajectory_id": planned.t.public_id}), **HTMX)
        .content.decode()
    )
    html = _login(client, planned, "coordinator").get(_plan_url(planned.t), **HTMX).content.decode()
    assert "Partnergeweld vermoed" in html


def test_cancel_with_reason_and_reopen(client, planned):
    item = PlanItem.objects.get(trajectory=planned.t, code="prenatal.test.nipt")
    base = {"trajectory_id": planned.t.public_id, "item_id": item.public_id}
    client = _login(client, planned, "coordinator")
    asked = client.post(reverse("pathways:item_action", kwargs={**base, "action": "cancel"}), {}, **HTMX)
    assert 'name="cancelled_reason"' in asked.content.decode()
    empty = client.post(
        reverse("pathways:item_action", kwargs={**base, "action": "cancel"}),
        {"confirm": "1", "cancelled_reason": ""},
        **HTMX,
    )
    assert empty.status_code == 422
    client.post(
        reverse("pathways:item_action", kwargs={**base, "action": "cancel"}),
        {"confirm": "1", "cancelled_reason": "Ouders kiezen geen NIPT"},
        **HTMX,
    )
    item.refresh_from_db()
    assert (item.status, item.cancelled_reason) == ("cancelled", "Ouders kiezen geen NIPT")
    client.post(reverse("pathways:item_action", kwargs={**base, "action": "reopen"}), {}, **HTMX)
    item.refresh_from_db()
    assert item.status == "planned"
    assert list(item.events.values_list("action", flat=True)) == ["reopened", "cancelled"]


def test_member_cannot_act_on_another_familys_plan(client, planned):
    plan_generate(actor=planned.actor("outsider"), trajectory=planned.other_t)
    item = PlanItem.objects.filter(trajectory=planned.other_t).first()
    url = reverse(
        "pathways:item_action",
        kwargs={"trajectory_id": planned.other_t.public_id, "item_id": item.public_id, "action": "done"},
    )
    assert _login(client, planned, "coordinator").post(url, {}, **HTMX).status_code == 404


def _extra_families(world, n):
    for _ in range(n):
        t = make_trajectory(
            world.coordinator, world.kg, due_date=timezone.localdate() + dt.timedelta(weeks=10)
        )
        plan_generate(actor=world.actor("coordinator"), trajectory=t)


def test_plan_section_keeps_a_fixed_query_count(
    client, planned, django_assert_num_queries, django_assert_max_num_queries
):
    client = _login(client, planned, "coordinator")
    actor = planned.actor("coordinator")
    contact_record(actor=actor, trajectory=planned.t, date=timezone.localdate(), kind="phone", match=False)
    client.get(_plan_url(planned.t), **HTMX)  # warm the session
    # A ceiling for the page; the assertion that matters is that the count does not grow below.
    with django_assert_max_num_queries(40) as small:
        client.get(_plan_url(planned.t), **HTMX)
    for item in PlanItem.objects.filter(trajectory=planned.t)[:8]:
        contact_record(
            actor=actor,
            trajectory=planned.t,
            date=timezone.localdate(),
            kind="consultation",
            plan_item=None,
            notes={"medical": "ok", "psychosocial": "ok"},
            match=False,
        )
    with django_assert_num_queries(
        len(small.captured_queries) + 2
    ):  # the reads of two note categories logged
        client.get(_plan_url(planned.t), **HTMX)


@pytest.mark.parametrize("persona", PERSONAS)
def test_worklist_matrix(client, planned, persona):
    response = _login(client, planned, persona).get(reverse("pathways:worklist"))
    professional = persona in {"coordinator", "member", "no_consent", "excluded", "outsider"}
    assert response.status_code == (200 if professional else 404)


def test_worklist_keeps_a_fixed_query_count(
    client, planned, django_assert_num_queries, django_assert_max_num_queries
):
    client = _login(client, planned, "coordinator")
    client.get(reverse("pathways:worklist"))
    _extra_families(planned, 2)
    with django_assert_max_num_queries(40) as small:  # a ceiling; what matters is that it does not grow
        client.get(reverse("pathways:worklist"), {"scope": "organisation"})
    _extra_families(planned, 6)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("pathways:worklist"), {"scope": "organisation"})


def test_professional_home_is_the_worklist(client, planned):
    response = _login(client, planned, "coordinator").get("/")
    assert response.status_code == 302 and response.url == reverse("pathways:worklist")


def test_calendar_feed_with_a_secret_url(client, planned):
    client = _login(client, planned, "coordinator")
    page = client.post(reverse("pathways:calendar"))
    html = page.content.decode()
    url = re.search(r'id="feed-url">http://testserver(/plans/calendar/[^<]+\.ics)<', html).group(1)
    client.logout()
    feed = client.get(url)
    assert feed.status_code == 200, url
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "BEGIN:VCALENDAR" in body
    assert planned.t.pregnant_person.family_name not in body  # initials only
    assert client.get("/plans/calendar/not-the-secret.ics").status_code == 404
    # A new link revokes the old one.
    _login(client, planned, "coordinator").post(reverse("pathways:calendar"))
    client.logout()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS + ("other_parent",))
def test_portal_section_matrix(client, planned, persona):
    url = reverse("pathways:portal_section", kwargs={"trajectory_id": planned.t.public_id})
    response = _login(client, planned, persona).get(url, **HTMX)
    assert response.status_code == (200 if persona == "parent" else 404)
    if persona == "parent":
        # Registered at 20 weeks: of the 10 consultations, those up to 16 weeks were before the trajectory.
        assert "recht op minstens 8 consultaties" in response.content.decode()


def test_caseload_shows_the_next_step(
    client, planned, django_assert_num_queries, django_assert_max_num_queries
):
    client = _login(client, planned, "coordinator")
    html = client.get(reverse("care:caseload")).content.decode()
    first = (
        PlanItem.objects.filter(trajectory=planned.t, status="planned")
        .order_by("window_start", "window_end", "pk")
        .first()
    )
    assert first.title in html
    _extra_families(planned, 1)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("care:caseload"))
    _extra_families(planned, 5)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("care:caseload"))


def test_saved_filters_are_shared_within_the_organisation(client, planned):
    from wieg.testing.factories import make_professional

    colleague = make_professional("colleague", planned.kg)
    client = _login(client, planned, "coordinator")
    client.post(
        reverse("pathways:filter_save"),
        {
            "name": "Prenataal te laat",
            "shared": "on",
            "scope": "organisation",
            "phase": "prenatal",
            "section": "overdue",
        },
    )
    client.post(reverse("pathways:filter_save"), {"name": "Enkel voor mij", "scope": "me"})
    client.force_login(colleague.user)
    html = client.get(reverse("pathways:worklist")).content.decode()
    assert "Prenataal te laat" in html and "Enkel voor mij" not in html
    client.force_login(planned.member.user)  # another organisation
    assert "Prenataal te laat" not in client.get(reverse("pathways:worklist")).content.decode()
