"""A nurse in a real browser: sign in, open the caseload, open a trajectory, switch to French."""

import pytest

from wieg.testing.factories import OrganisationFactory, make_professional, make_trajectory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_nurse_caseload_trajectory_and_french(page, login, live_server):
    kg = OrganisationFactory(name="Kind en Gezin Gent-Centrum", kind="kg_team")
    nurse = make_professional("nurse", kg, given_name="Els", family_name="Verhoeven")
    trajectory = make_trajectory(nurse, kg)
    name = trajectory.pregnant_person.display_name

    login("nurse")
    assert page.url.endswith("/plans/worklist/")  # a professional's home page
    page.click("nav.mainnav a[data-nav=caseload]")
    page.wait_for_url("**/caseload/")
    assert page.locator("h1").inner_text() == "Mijn gezinnen"

    page.click(f"#caseload a:has-text('{name}')")
    page.wait_for_url(f"**/trajectories/{trajectory.public_id}/")
    assert page.locator("h1").inner_text().startswith(name)
    assert page.locator("#facts h2").inner_text() == "Traject"

    page.click("form.lang button[value=fr]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/trajectories/{trajectory.public_id}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#facts h2").inner_text() == "Trajet"
    assert page.locator("#team h2").inner_text() == "Équipe de soins"

    # The choice holds on the next page too.
    page.click("nav.mainnav a[data-nav=caseload]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Mes familles"
