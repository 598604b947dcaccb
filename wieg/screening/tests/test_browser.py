"""The mother fills in the EPDS on her phone, in French, because her coordinator asked for it; the
coordinator sees the result and the same-day signal of item 10. Every page passes axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from wieg.directory.actors import actor_for
from wieg.screening.models import Flag, Screening
from wieg.screening.services import screening_request
from wieg.testing.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Printed positions, top answer = 0. Item 10 at position 1, "Parfois" (sometimes): 2 points.
ANSWERS = {
    "laugh": 1,
    "enjoy": 1,
    "blame": 1,
    "anxious": 2,
    "scared": 2,
    "coping": 2,
    "sleep": 2,
    "sad": 2,
    "crying": 3,
    "self_harm": 1,
}
# Points: 1 + 1 + 2 + 2 + 1 + 1 + 1 + 1 + 0 + 2 = 12 (10 or more: rescreen; below 13), and item 10.
EXPECTED_SCORE = 12


def _axe_clean(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    duplicates = page.evaluate(
        "(() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);"
        " return ids.filter((id, i) => ids.indexOf(id) !== i); })()"
    )
    assert duplicates == []


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def asked_world():
    world = build_world()
    screening_request(actor=actor_for(world.user("coordinator")), trajectory=world.t, instrument_code="epds")
    return world


def _sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "wieg-test-pass")
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")


def test_mother_fills_in_the_epds_in_french_on_her_phone(asked_world, browser, live_server):
    context = browser.new_context(locale="fr-BE", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15000)
    _sign_in(page, live_server, "parent")
    page.click("button[name=language][value=fr]")
    page.wait_for_load_state("networkidle")
    link = page.locator("#self-screenings a.button")
    link.wait_for()
    assert "Remplir" in link.inner_text()
    link.click()
    page.wait_for_load_state("networkidle")

    # The scale as printed, in French, with its source.
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "J'ai pu rire et prendre les choses du bon côté" in page.locator("#item-laugh legend").inner_text()
    options = page.locator("#item-self_harm label").all_inner_texts()
    assert [o.strip() for o in options] == ["Oui, très souvent", "Parfois", "Presque jamais", "Jamais"]
    assert "British Journal of Psychiatry 150:782-786" in page.locator("#source").inner_text()
    assert "réponse 1" not in page.content()
    assert _fits_the_screen(page)
    assert page.locator("#item-laugh label").first.bounding_box()["height"] >= 44  # a thumb can hit it
    _axe_clean(page)

    for key, position in ANSWERS.items():
        page.locator(f"input[name=item_{key}][value='{position}']").check()
    page.click("#screening-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    help_today = page.locator("#help-today")
    assert help_today.is_visible() and "0800 32 123" in help_today.inner_text()  # the French-speaking line
    _axe_clean(page)
    context.close()

    screening = Screening.objects.get()
    assert screening.respondent == "parent" and screening.score == EXPECTED_SCORE
    assert set(Flag.objects.values_list("code", flat=True)) == {"epds_rescreen", "epds_self_harm"}

    # The coordinator, at her desk, sees the urgent signal and the result.
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    _sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/trajectories/{asked_world.t.public_id}/")
    flag = Flag.objects.get(code="epds_self_harm")
    alert = page.locator(f"#urgent-{flag.public_id}")
    alert.wait_for()
    assert "vandaag nog" in alert.inner_text()
    page.goto(f"{live_server.url}/screening/results/{screening.public_id}/")
    assert page.locator("#score").inner_text() == str(EXPECTED_SCORE)
    assert "ouder zelf" in page.locator("#result").inner_text()
    assert "Zelden" not in page.locator("#result").inner_text()
    _axe_clean(page)
    context.close()
