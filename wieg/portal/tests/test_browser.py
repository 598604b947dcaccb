"""A parent on a phone: finds an activity in French and registers; withdraws a consent."""

import pytest

from wieg.care.models import Consent
from wieg.network.models import Registration
from wieg.network.tests.conftest import make_activity
from wieg.testing.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_world():
    from wieg.network.models import FamilyCentre
    from wieg.testing.factories import OrganisationFactory

    world = build_world()
    centre = FamilyCentre.objects.create(
        organisation=OrganisationFactory(name="Huis van het Kind Gent", kind="family_centre")
    )
    centre.municipalities.set(world.t.family.municipality.__class__.objects.filter(nis_code="44021"))
    make_activity(
        centre, title="Babymassage", title_fr="Massage pour bébés", languages=("nl", "fr"), capacity=6
    )
    make_activity(
        centre, title="Papa-café", title_fr="Café des papas", languages=("nl",), target_group="fathers"
    )
    return world


@pytest.fixture
def sign_in(page, live_server):
    """Signs in through the real login form (pressing Enter: the header's language buttons come first)."""

    def do(username, password="wieg-test-pass"):  # noqa: S107 - the factories' test password
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", username)
        page.fill("input[name=password]", password)
        page.press("input[name=password]", "Enter")
        page.wait_for_load_state("networkidle")
        return page

    return do


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_parent_on_a_phone_finds_an_activity_in_french_and_registers(phone_world, page, sign_in, live_server):
    page.set_viewport_size(PHONE)
    sign_in("parent")
    assert page.url.endswith("/portal/")
    page.click("button[name=language][value=fr]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.goto(f"{live_server.url}/network/activities/")
    page.select_option("#id_language", "fr")
    page.click("#activity-filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    cards = page.locator("#activities li.activity")
    assert cards.count() == 1
    assert _fits_the_screen(page)
    page.click("#activities a:has-text('Massage pour bébés')")
    page.wait_for_load_state("networkidle")
    button = page.locator("#register-form button[type=submit]")
    assert button.bounding_box()["height"] >= 44  # a thumb can hit it
    button.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#my-registration").is_visible()
    assert "Vous êtes inscrit" in page.content()
    assert _fits_the_screen(page)
    registration = Registration.objects.get()
    assert registration.trajectory_id == phone_world.t.pk
    assert registration.status == "confirmed"


def test_parent_withdraws_a_consent_on_a_phone(phone_world, page, sign_in, live_server):
    page.set_viewport_size(PHONE)
    sign_in("parent")
    page.goto(f"{live_server.url}/portal/consents/")
    assert _fits_the_screen(page)
    button = page.locator("button[data-withdraw='Vroedvrouwenpraktijk De Wieg']")
    assert button.bounding_box()["height"] >= 44
    button.click()
    page.wait_for_load_state("networkidle")
    assert "Ingetrokken" in page.content()
    assert (
        not Consent.objects.active()
        .filter(trajectory=phone_world.t, organisation=phone_world.midwives)
        .exists()
    )
    page.goto(f"{live_server.url}/portal/team/")
    midwife = page.locator(f"[data-professional='{phone_world.member.public_id}']")
    assert "Ziet niets" in midwife.inner_text()
