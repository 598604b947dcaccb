"""The dashboard in a real browser: an analyst opens it and filters by province."""

import pytest

from wieg.testing.factories import UserFactory

from .builders import ANTWERPEN, GENT, cohort

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username, password="wieg-test-pass"):
    # The login form is the one in <main>: the header holds the language buttons, also submit buttons.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_analyst_opens_the_dashboard_and_filters_by_province(page, live_server):
    UserFactory(username="analyst", kind="analyst")
    # 7 of 12 in Gent: no group below 5, so the filtered row shows as it does unfiltered (with 9 of 12,
    # the 3 without a coordinator would hide Gent's 9 and, against the total, Antwerp's 15 as well).
    cohort(GENT, 12, coordinator=7)
    cohort(ANTWERPEN, 20, coordinator=15)
    sign_in(page, live_server, "analyst")
    assert page.url.endswith("/monitoring/")  # the analyst's home is the dashboard
    page.goto(f"{live_server.url}/monitoring/?indicator=coordinator&group_by=province")
    assert page.locator("#indicator-title").inner_text() == "Trajecten met een zorgcoördinator"
    assert page.locator("svg.chart").count() == 1
    page.wait_for_selector('#tiles a[data-indicator="coordinator"]')  # the overview loads after the page
    assert page.locator('#figures tbody tr[data-group="10000"]').count() == 1
    assert page.locator('#figures tbody tr[data-group="40000"]').count() == 1

    page.select_option("select[name=province]", "10000")
    page.click("#filters button[type=submit]")
    page.wait_for_load_state("networkidle")

    assert "province=10000" in page.url
    rows = page.locator("#figures tbody tr")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-group") == "10000"
    assert rows.first.locator("td").all_inner_texts() == ["15", "20", "75,0 %"]
    # The shared link and the CSV export keep the filter.
    assert "province=10000" in page.locator("#share-link").get_attribute("href")
    assert "province=10000" in page.locator("#csv-link").get_attribute("href")
