"""A nurse adds a team member whose organisation has no consent yet: the team page says which categories
are missing for which organisation, she records the family's consent there and the member is added,
without leaving the page. In Dutch and in French; every state passes axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from wieg.care.models import CareTeamMember, Consent
from wieg.testing.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "nl": {"add": "Toevoegen", "missing": "nog geen toestemming", "done": "toegevoegd aan het zorgteam"},
    "fr": {
        "add": "Ajouter",
        "missing": "pas encore donné son consentement",
        "done": "ajouté à l’équipe de soins",
    },
}


def _axe_clean(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_nurse_records_the_missing_consent_in_place(page, login, live_server, language):
    world = build_world()
    words = TEXTS[language]
    login("coordinator")
    team_url = f"{live_server.url}/trajectories/{world.t.public_id}/team/"
    page.goto(team_url)
    if language == "fr":
        page.click("form.lang button[value=fr]")
        page.wait_for_load_state("networkidle")
        page.goto(team_url)
    assert page.locator("html").get_attribute("lang") == language
    _axe_clean(page)

    # Karim El Amrani of the OCMW: the family gave the OCMW no consent.
    page.select_option("#team-add-form select[name=professional]", str(world.outsider.public_id))
    page.select_option("#team-add-form select[name=role]", "social_support")
    page.click(f"#team-add-form button[type=submit]:has-text('{words['add']}')")
    offer = page.locator("#team-consent")
    offer.wait_for()
    assert "OCMW Gent" in offer.inner_text() and words["missing"] in offer.inner_text()
    assert page.url == team_url  # still on the team page
    # The usual categories for an OCMW are ticked; contact is always among them.
    checked = page.eval_on_selector_all(
        "#team-consent-form input[name='consent-categories']:checked", "els => els.map(e => e.value)"
    )
    assert checked == ["contact", "care_plan", "psychosocial"]
    _axe_clean(page)

    page.select_option("#team-consent-form select[name='consent-recorded_via']", "verbal")
    page.click("#team-consent-form button[type=submit]")
    page.locator("#team-panel .messages").wait_for()
    assert words["done"] in page.locator("#team-panel .messages").inner_text()
    assert "El Amrani" in page.locator("#team-panel table").inner_text()
    assert page.locator("#team-consent").count() == 0
    assert page.url == team_url
    _axe_clean(page)

    consent = Consent.objects.get(trajectory=world.t, organisation=world.ocmw, withdrawn_at__isnull=True)
    assert consent.categories == ["contact", "care_plan", "psychosocial"]
    assert CareTeamMember.objects.active().filter(trajectory=world.t, professional=world.outsider).exists()
