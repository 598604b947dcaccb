"""In a real browser: the coordinator records a mother's contact details on the trajectory page; the mother,
on a phone, corrects her number in the portal in Dutch and then in French; the coordinator sees that change
in the access log. Every page passes axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from wieg.care.models import Person
from wieg.testing.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


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


def _sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "wieg-test-pass")
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")


def _correct_phone(page, number):
    page.fill("#correct input[name=phone_0_number]", number)
    page.click("#correct button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_coordinator_records_the_parent_corrects_on_her_phone_the_coordinator_sees_it(
    page, browser, live_server
):
    world = build_world()
    mother = world.t.pregnant_person
    base = live_server.url

    # The coordinator, at her desk, records the contact details on the trajectory page.
    _sign_in(page, base, "coordinator")
    page.goto(f"{base}/trajectories/{world.t.public_id}/")
    _axe_clean(page)
    page.click(f"#action-contact-{mother.public_id} summary")
    form = page.locator(f"#action-contact-{mother.public_id} form")
    form.locator("input[name$=street]").fill("Sleepstraat")
    form.locator("input[name$=house_number]").fill("12")
    form.locator("input[name$=postal_code]").fill("2000")  # Antwerpen's: not in Gent
    form.locator("input[name$=municipality]").fill("Gent")
    form.locator("input[name$=phone_0_number]").fill("0470 12 34 56")
    form.locator("input[name$=email]").fill("lotte@voorbeeld.be")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Postcode 2000 hoort niet bij Gent." in page.locator("#contact-form").inner_text()
    _axe_clean(page)  # the form with its errors
    assert Person.objects.get(pk=mother.pk).phones == []
    page.fill("#contact-form input[name$=postal_code]", "9000")
    page.click("#contact-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/trajectories/{world.t.public_id}/#contact")
    card = page.locator(f"#contact-{mother.public_id}")
    assert card.locator("a[href='tel:+32470123456']").inner_text() == "0470 12 34 56"
    assert "9000 Gent" in card.inner_text()
    _axe_clean(page)
    page.goto(f"{base}/caseload/")
    assert page.locator("#caseload a[href='tel:+32470123456']").count() == 1
    _axe_clean(page)

    # The mother, on her phone, in Dutch: her number changed.
    parent = browser.new_context(locale="nl-BE", viewport=PHONE).new_page()
    parent.set_default_timeout(15000)
    _sign_in(parent, base, "parent")
    assert parent.url.endswith("/portal/")
    parent.click("nav.tiles a[href*='/portal/contact/']")
    parent.wait_for_load_state("networkidle")
    assert "0470 12 34 56" in parent.locator("#my-phones").inner_text()
    _axe_clean(parent)
    assert _fits_the_screen(parent)
    _correct_phone(parent, "0470 12 34 5")
    assert "Geen geldig telefoonnummer" in parent.locator("#correct").inner_text()
    _axe_clean(parent)
    _correct_phone(parent, "0485 11 22 33")
    assert "Bewaard" in parent.content()
    assert "0485 11 22 33" in parent.locator("#my-phones").inner_text()
    assert parent.locator("#correct button[type=submit]").bounding_box()["height"] >= 44

    # Then in French.
    parent.click("button[name=language][value=fr]")
    parent.wait_for_load_state("networkidle")
    assert parent.locator("html").get_attribute("lang") == "fr"
    assert parent.locator("h1").inner_text() == "Comment vous joindre"
    _correct_phone(parent, "+32 486 00 11 22")
    assert "Enregistré" in parent.content()
    assert "0486 00 11 22" in parent.locator("#my-phones").inner_text()
    _axe_clean(parent)
    assert _fits_the_screen(parent)
    assert Person.objects.get(pk=mother.pk).phones == [{"number": "+32486001122", "label": "mobile"}]
    parent.context.close()

    # The coordinator sees the mother's change in the access log.
    page.goto(f"{base}/trajectories/{world.t.public_id}/access-log/")
    rows = page.locator("#access-log tbody tr").filter(has_text="contact details: phones")
    assert rows.count() == 2
    assert "Lotte" in rows.first.inner_text()
    _axe_clean(page)
