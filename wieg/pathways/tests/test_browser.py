import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from wieg.pathways.models import Contact, PlanItem
from wieg.pathways.services import plan_generate

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_record_a_contact_from_the_plan_and_see_the_item_turn_done(world, live_server, page):
    page.set_default_timeout(30000)  # the suite runs on two busy cores
    plan_generate(actor=world.actor("coordinator"), trajectory=world.t)
    # The family came into care at 20 weeks: the 28-week contact is the first one still to come.
    item = PlanItem.objects.get(trajectory=world.t, code="prenatal.contact.28w")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "coordinator")
    page.fill("input[name=password]", "wieg-test-pass")
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/plans/worklist/")
    page.goto(f"{live_server.url}/trajectories/{world.t.public_id}/")
    row = page.locator(f"#item-{item.public_id}")
    row.wait_for()
    assert row.get_attribute("data-status") != "done"
    row.locator("[data-action=contact]").click()
    form = page.locator("#contact-form")
    form.wait_for()
    form.locator("input[name=date]").fill(timezone.localdate().isoformat())
    form.locator("select[name=kind]").select_option("home_visit")
    form.locator("textarea[name=note_medical]").fill("Bloeddruk 11/7, gewicht 64 kg")
    url_before = page.url
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f"#item-{item.public_id}[data-status=done]")
    assert page.url == url_before  # htmx swapped the section, no full reload
    assert page.locator("#contact-form").count() == 0
    assert "Bloeddruk 11/7" in page.locator("#contacts").inner_text()
    assert Contact.objects.get(trajectory=world.t).plan_item_id == item.pk


def test_acknowledge_a_long_missed_item_in_one_click(world, live_server, page):
    page.set_default_timeout(30000)
    plan_generate(actor=world.actor("coordinator"), trajectory=world.t)
    today = timezone.localdate()
    # The 28-week contact, as if its window had closed 40 days ago: missed, waiting to be acknowledged.
    item = PlanItem.objects.get(trajectory=world.t, code="prenatal.contact.28w")
    PlanItem.objects.filter(pk=item.pk).update(
        window_start=today - dt.timedelta(days=54), window_end=today - dt.timedelta(days=40)
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "coordinator")
    page.fill("input[name=password]", "wieg-test-pass")
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/plans/worklist/")
    page.goto(f"{live_server.url}/trajectories/{world.t.public_id}/")
    row = page.locator(f"#item-{item.public_id}")
    row.locator("[data-role=acknowledge]").wait_for()
    assert row.get_attribute("data-status") == "missed"
    assert page.locator("#to-acknowledge").count() == 1
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    url_before = page.url
    row.get_by_role("button", name="Het gezin wenste het niet").click()
    page.wait_for_selector(f"#item-{item.public_id} [data-role=acknowledged]")
    assert page.url == url_before  # htmx swapped the section
    assert page.locator(f"#item-{item.public_id} [data-role=acknowledge]").count() == 0
    assert page.locator("#to-acknowledge").count() == 0
    item.refresh_from_db()
    assert (item.status, item.acknowledged_reason) == ("missed", "Het gezin wenste het niet")
