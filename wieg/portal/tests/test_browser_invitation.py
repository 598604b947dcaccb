"""On a phone, in Dutch and in French: the coordinator invites the pregnant parent by letter; the parent
opens /invite/<code>/, makes her account and sees her plan and her team; a reused or wrong code gets a
clear page in her language."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.accounts.models import User
from wieg.care import services as care
from wieg.care.services.families import MemberInput
from wieg.directory.actors import actor_for
from wieg.pathways.models import PlanItem
from wieg.portal.models import Invitation
from wieg.testing.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PASSWORD = "Zonnebloem-2026!"  # noqa: S105 - a test password

WORDS = {
    "nl": {
        "welcome": "Welkom, Amira",
        "letter": "Dag Amira,",
        "plan": "Je hebt recht op minstens",
        "used": "Deze uitnodiging werd al gebruikt",
        "unknown": "Deze code kennen we niet",
        "account_made": "Uw account is klaar",
    },
    "fr": {
        "welcome": "Bienvenue, Amira",
        "letter": "Bonjour Amira,",
        "plan": "Vous avez droit à au moins",
        "used": "Cette invitation a déjà été utilisée",
        "unknown": "Nous ne connaissons pas ce code",
        "account_made": "Votre compte est prêt",
    },
}


@pytest.fixture
def family(settings, live_server):
    """A new pregnancy registered through the services (so its care plan exists), coordinated by Els."""
    settings.WIEG_PUBLIC_URL = live_server.url
    world = build_world()
    actor = actor_for(world.coordinator.user)
    new_family = care.family_create(
        actor=actor,
        municipality_nis="44021",
        members=[
            MemberInput(
                role="pregnant_parent",
                given_name="Amira",
                family_name="El Idrissi",
                birth_date=dt.date(1996, 3, 14),
                sex="female",
            )
        ],
    )
    trajectory = care.trajectory_create(
        actor=actor,
        family=new_family,
        pregnant_person=new_family.members.get(),
        due_date=timezone.localdate() + dt.timedelta(weeks=22),
        parity="nulliparous",
        consent_categories=["contact", "care_plan", "medical", "psychosocial"],
        recorded_via="verbal",
        coordinator=world.coordinator,
    )
    assert PlanItem.objects.filter(trajectory=trajectory).exists()
    return world, trajectory


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _sign_in(page, live_server, username, password="wieg-test-pass"):  # noqa: S107
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_invitation_by_letter_on_a_phone(family, browser, live_server, language):
    world, trajectory = family
    words = WORDS[language]
    User.objects.filter(pk=world.coordinator.user.pk).update(preferred_language=language)
    trajectory.family.preferred_language = language
    trajectory.family.save()

    # The coordinator, on her phone.
    nurse = browser.new_context(locale=f"{language}-BE", viewport=PHONE)
    page = nurse.new_page()
    page.set_default_timeout(15000)
    _sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/trajectories/{trajectory.public_id}/")
    page.wait_for_selector("#invite-parents")
    page.click("#invite-parents")
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_person option").first.inner_text().startswith("Amira El Idrissi")
    page.check("input[name=channel][value=letter]")
    page.select_option("#id_language", language)
    page.click("#invite-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    letter = page.locator("#letter")
    assert words["letter"] in letter.inner_text()
    assert letter.get_attribute("lang") == language
    code = page.locator("#letter-code").inner_text().strip()
    url = page.locator("#letter-url").inner_text().strip()
    assert url == f"{live_server.url}/invite/{code}/"
    assert page.locator("#print-letter").bounding_box()["height"] >= 44
    assert _fits(page)
    nurse.close()

    # The parent, on her own phone.
    parent = browser.new_context(locale=f"{language}-BE", viewport=PHONE)
    page = parent.new_page()
    page.set_default_timeout(15000)
    page.goto(url)
    assert words["welcome"] in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == language
    assert _fits(page)
    page.fill("#id_username", "amira")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    button = page.locator("#account-form button[type=submit]")
    assert button.bounding_box()["height"] >= 44
    button.click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(f"{live_server.url}/portal/")
    assert words["account_made"] in page.content()
    page.wait_for_selector("div#portal-plan")  # her care plan, loaded into the portal
    plan = page.locator("div#portal-plan").inner_text()
    assert words["plan"] in plan
    assert page.locator("div#portal-plan li").count() >= 1  # the consultations to come
    assert _fits(page)
    page.goto(f"{live_server.url}/portal/team/")
    assert "Els Verhoeven" in page.content()
    assert _fits(page)
    user = User.objects.get(username="amira")
    assert user.kind == "parent" and user.preferred_language == language
    assert Invitation.objects.get().status == "accepted"
    parent.close()

    # The same letter a second time, and a mistyped code: a clear page in her language.
    stranger = browser.new_context(locale=f"{language}-BE", viewport=PHONE)
    page = stranger.new_page()
    response = page.goto(url)
    assert response.status == 410
    assert words["used"] in page.content()
    response = page.goto(f"{live_server.url}/invite/AAAA-BBBB-CCCC/")
    assert response.status == 404
    assert words["unknown"] in page.content()
    assert _fits(page)
    stranger.close()
