"""Under the strict Content-Security-Policy the pages that used inline code still work in a real browser:
the organisation switch submits on choice (a static script now), and the second-factor set-up shows its QR
code. The `page` fixture fails a test on any blocked script, style or image."""

import pytest
from django.test import override_settings

from wieg.testing.factories import MembershipFactory, OrganisationFactory, make_professional

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_organisation_switch_submits_on_choice(page, login, live_server):
    kg = OrganisationFactory(name="Kind en Gezin Gent-Centrum", kind="kg_team")
    second = OrganisationFactory(name="Huis van het Kind Gent", kind="family_centre")
    nurse = make_professional("nurse", kg, given_name="Els", family_name="Verhoeven")
    MembershipFactory(professional=nurse, organisation=second)
    login("nurse")
    page.select_option("#active-organisation", label="Huis van het Kind Gent")
    page.wait_for_load_state("networkidle")
    assert page.locator("#active-organisation option:checked").inner_text() == "Huis van het Kind Gent"


@override_settings(WIEG_REQUIRE_MFA=True)
def test_a_professional_sets_up_the_second_factor_with_its_qr_code(page, login, live_server):
    kg = OrganisationFactory(name="Kind en Gezin Gent-Centrum", kind="kg_team")
    make_professional("nurse", kg, given_name="Els", family_name="Verhoeven")
    login("nurse")
    if "reauthenticate" in page.url:
        page.fill("input[name=password]", "wieg-test-pass")
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
    assert "/accounts/2fa/totp/activate/" in page.url
    qr = page.locator("main img").first
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
