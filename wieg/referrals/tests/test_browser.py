"""End to end in Chromium: a screening raises a flag, its suggestion becomes a referral in two clicks, and the
maternity carer accepts it from the inbox and joins the care team."""

import pytest

from wieg.care.models import CareTeamMember
from wieg.screening import catalogue
from wieg.testing.factories import give_consent

pytestmark = pytest.mark.browser

# EPDS positions in printed order: 13 points (assessment) and "never" on item 10.
EPDS = {
    "laugh": 1,
    "enjoy": 1,
    "blame": 1,
    "anxious": 1,
    "scared": 1,
    "coping": 1,
    "sleep": 1,
    "sad": 2,
    "crying": 2,
    "self_harm": 3,
}


def sign_in(page, live_server, username):
    # The shared `login` fixture clicks the first submit button, which is the language switcher (NL).
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "wieg-test-pass")
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")


def test_screening_flag_suggestion_referral_and_acceptance(
    transactional_db, live_server, page, world, kraamzorg
):
    organisation, carer = kraamzorg
    catalogue.load_all()  # a flushed database (transactional test) lost the data migration's rows
    give_consent(world.t, organisation=organisation, categories=("contact", "care_plan"))
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/trajectories/{world.t.public_id}/")
    page.click("#panel-screening a[href$='/new/epds/']")
    for key, position in EPDS.items():
        page.check(f"input[name=item_{key}][value='{position}']")
    page.click("#screening-form button[type=submit]")
    page.wait_for_selector("#score")
    assert page.inner_text("#score") == "13"
    assert "13 of meer" in page.inner_text("#flags")

    # The maternity home care suggestion: refer (click 1), send (click 2).
    page.click("#suggestions .suggestion:has-text('Kraamzorg') >> text=Doorverwijzen")
    page.wait_for_selector("#referral-form")
    page.click("#send")
    page.wait_for_selector("#status")
    assert page.inner_text("#status") == "verstuurd"

    page.context.clear_cookies()
    sign_in(page, live_server, "carer")
    page.goto(f"{live_server.url}/referrals/")
    page.click(f"#referrals >> text={world.t.pregnant_person.display_name}")
    page.click("#accept")
    page.wait_for_selector("#status:has-text('aanvaard')")
    assert CareTeamMember.objects.active().filter(trajectory=world.t, professional=carer).exists()
    page.click("text=Naar het traject")
    page.wait_for_selector("#team")
    assert "Mieke Wouters" in page.inner_text("#team")
    # Let the page's sections finish loading before the database is flushed (PostgreSQL would deadlock).
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
