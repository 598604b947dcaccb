import pytest
from django.utils import timezone

from wieg.pathways.models import Contact, PlanItem
from wieg.pathways.services import plan_generate

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_record_a_contact_from_the_plan_and_see_the_item_turn_done(world, live_server, page):
    page.set_default_timeout(30000)  # the suite runs on two busy cores
    plan_generate(actor=world.actor("coordinator"), trajectory=world.t)
    item = PlanItem.objects.get(trajectory=world.t, code="prenatal.contact.booking")
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
