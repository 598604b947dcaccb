"""In Chromium, in Dutch and in French, at desktop and phone size: a GP registers a new pregnant woman and
refers her to a Kind en Gezin team in one form; the team's intake queue shows her; accepting it names the
nurse as coordinator; the GP sees the answer on her home page. Every page passes axe-core."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from wieg.accounts.models import User
from wieg.care.models import CoordinatorAssignment
from wieg.referrals.models import Referral
from wieg.testing.factories import make_professional
from wieg.testing.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
WORDS = {
    "nl": {"sent": "verstuurd", "accepted": "aanvaard"},
    "fr": {"sent": "envoyée", "accepted": "accepté"},
}


def _axe_clean(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    duplicates = page.evaluate(
        "(() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);"
        " return ids.filter((id, i) => ids.indexOf(id) !== i); })()"
    )
    assert duplicates == []


def _sign_in(browser, live_server, username, language, size):
    context = browser.new_context(locale=f"{language}-BE", viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "wieg-test-pass")
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")
    return context, page


def _done(context, page):
    # Let htmx sections finish before the database is flushed (PostgreSQL would deadlock).
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
    context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_gp_refers_a_new_pregnant_woman_to_kind_en_gezin(browser, live_server, language, size):
    world = build_world()
    nurse = make_professional("nurse2", world.kg, given_name="Hanne", family_name="De Smet")
    User.objects.filter(username__in=["no_consent", "coordinator"]).update(preferred_language=language)
    words = WORDS[language]

    # The GP: one form registers her and sends the intake.
    context, page = _sign_in(browser, live_server, "no_consent", language, size)
    page.goto(f"{live_server.url}/referrals/intake/new/")
    assert page.locator("html").get_attribute("lang") == language
    _axe_clean(page)
    page.fill("#id_given_name", "Amina")
    page.fill("#id_family_name", "Benali")
    page.fill("#id_birth_date", "1996-05-14")
    page.select_option("#id_municipality", "44021")
    page.fill("#id_due_date", (timezone.localdate() + dt.timedelta(weeks=28)).isoformat())
    page.select_option("#id_parity", "nulliparous")
    page.select_option("#id_to_organisation", str(world.kg.public_id))
    page.fill("#id_reason", "Eerste zwangerschap, 12 weken")
    page.click("#send-intake")
    page.wait_for_selector("#status")
    assert page.inner_text("#status") == words["sent"]
    _axe_clean(page)
    _done(context, page)
    referral = Referral.objects.get(service="coordination")

    # The team: the home page and the intake queue show her; accepting names Hanne as coordinator.
    context, page = _sign_in(browser, live_server, "coordinator", language, size)
    page.goto(f"{live_server.url}/plans/worklist/")
    assert "Amina Benali" in page.inner_text("#section-incoming_referrals")
    page.goto(f"{live_server.url}/referrals/intake/")
    assert "Amina Benali" in page.inner_text("#intake-queue")
    _axe_clean(page)
    page.select_option(f"#coordinator-{referral.public_id}", str(nurse.public_id))
    page.click(f"[data-referral='{referral.public_id}'] button[type=submit]")
    page.wait_for_selector(f"#status:has-text('{words['accepted']}')")
    assert page.inner_text("#coordinator") == "Hanne De Smet"
    _axe_clean(page)
    _done(context, page)
    current = CoordinatorAssignment.objects.get(trajectory=referral.trajectory, end__isnull=True)
    assert current.professional == nurse

    # The GP sees the answer on her home page.
    context, page = _sign_in(browser, live_server, "no_consent", language, size)
    page.goto(f"{live_server.url}/plans/worklist/")
    answers = page.inner_text("#section-sent_referrals")
    assert "Amina Benali" in answers and "Hanne De Smet" in answers and words["accepted"] in answers
    _axe_clean(page)
    _done(context, page)
