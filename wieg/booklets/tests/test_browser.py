"""In a real browser: the midwife hands out the child booklet; a second try is refused with who and when."""

import pytest
from django.utils import formats, timezone

from wieg.booklets.models import Distribution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_and_submit(tab):
    tab.wait_for_selector("#booklet-handout-form")
    tab.check("#booklet-handout-form input[name=already_has][value=no]")
    tab.select_option("#booklet-handout-form select[name=step]", "independent_midwife")
    tab.click("#booklet-submit")


def _login(page, live_server, username):
    # The shared login fixture clicks the first submit button, which is the language switcher's.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "wieg-test-pass")
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")


def test_midwife_hands_out_and_second_try_is_refused(world, page, live_server):
    _login(page, live_server, "member")
    url = f"{live_server.url}/trajectories/{world.t.public_id}/"
    page.goto(url)
    # A second tab opened at the same time, as a colleague's screen would be.
    other = page.context.new_page()
    other.goto(url)
    other.wait_for_selector("#booklet-handout-form")

    page.wait_for_selector("text=Hebben de ouders al een Kindboekje?")
    _fill_and_submit(page)
    page.wait_for_selector("text=De uitreiking is geregistreerd.")
    assert page.locator("#booklet-status").inner_text().count("Sofie Claes") == 1

    _fill_and_submit(other)
    refusal = other.wait_for_selector("#booklet-refusal")
    text = refusal.inner_text()
    assert "Sofie Claes" in text
    assert formats.date_format(timezone.localdate(), "d/m/Y") in text
    assert Distribution.objects.filter(trajectory=world.t).count() == 1
