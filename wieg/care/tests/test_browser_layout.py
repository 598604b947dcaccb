"""Layout defects seen in use, measured in a real browser."""

import datetime as dt

import pytest

from wieg.testing.factories import OrganisationFactory, make_professional, make_trajectory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For each value in the card: its box width, and the width of its longest word set on one line.
MEASURE_VALUES = """() => [...document.querySelectorAll('#facts dl.facts dd')].map(dd => {
  const probe = document.createElement('span');
  probe.style.whiteSpace = 'nowrap';
  probe.style.position = 'absolute';
  document.body.appendChild(probe);
  const words = dd.innerText.split(/\\s+/).filter(Boolean);
  const widest = Math.max(...words.map(w => {
    probe.textContent = w;
    return probe.getBoundingClientRect().width;
  }));
  probe.remove();
  return {text: dd.innerText, width: dd.getBoundingClientRect().width, widest};
})"""


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_summary_card_values_are_readable_at_1280(page, login, live_server, language):
    kg = OrganisationFactory(name="Kind en Gezin Gent-Centrum", kind="kg_team")
    nurse = make_professional("nurse", kg)
    trajectory = make_trajectory(nurse, kg, due_date=dt.date(2026, 3, 5))

    page.set_viewport_size({"width": 1280, "height": 900})
    login("nurse")
    if language != "nl":
        page.click(f"form.lang button[value={language}]")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/trajectories/{trajectory.public_id}/")
    assert page.locator("html").get_attribute("lang") == language

    values = page.evaluate(MEASURE_VALUES)
    assert values
    due = next(v for v in values if v["text"] == "05/03/2026")
    # A date fits on one line; no value breaks inside a word.
    assert due["width"] >= due["widest"] >= 60, due
    for value in values:
        assert value["width"] + 0.5 >= value["widest"], value
