"""The federal login, end to end: a real OpenID Connect provider (django-oauth-toolkit) runs as a second
process on a loopback port and returns the national number in the `egovNRN` claim; Wieg's live server
exchanges the code with it over HTTP. Nothing of Wieg is mocked."""

import html
import json
import os
import re
import subprocess
import sys

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.conf import settings as django_settings

from wieg.accounts.models import User
from wieg.directory.actors import actor_for
from wieg.portal import services
from wieg.portal.models import Invitation
from wieg.settings import government_login_providers
from wieg.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_ID, SECRET = "wieg-test", "wieg-test-secret-0123456789"
CSAM_PASSWORD = "itsme-test"  # noqa: S105 - the stand-in provider's test password


def national_number(birth: str, serial: int) -> str:
    """A valid INSZ for someone born in the 1900s: yymmdd, serial, 97 - (first nine mod 97)."""
    base = f"{birth}{serial:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


LOTTE = national_number("920517", 124)
JONAS = national_number("900302", 57)
ELS = national_number("800101", 33)
UNKNOWN = national_number("880808", 201)

PEOPLE = {
    "lotte": {"egovNRN": LOTTE, "given_name": "Lotte", "family_name": "Janssens"},
    "jonas": {"egovNRN": JONAS, "given_name": "Jonas", "family_name": "De Smet"},
    "els": {"egovNRN": ELS, "given_name": "Els", "family_name": "Verhoeven"},
    "onbekend": {"egovNRN": UNKNOWN, "given_name": "Iemand", "family_name": "Anders"},
    "zonder": {"given_name": "Geen", "family_name": "Nummer"},
}


@pytest.fixture(scope="module")
def csam(live_server, tmp_path_factory):
    """The stand-in federal login as a second process; yields its address."""
    people = {name: {**person, "password": CSAM_PASSWORD} for name, person in PEOPLE.items()}
    env = {**os.environ, "OIDC_PROVIDER_PEOPLE": json.dumps(people)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [
            sys.executable,
            "-m",
            "wieg.testing.oidc_provider.serve",
            "--client-id",
            CLIENT_ID,
            "--secret",
            SECRET,
            "--redirect-uri",
            f"{live_server.url}/accounts/oidc/csam/login/callback/",
            "--db",
            str(tmp_path_factory.mktemp("csam") / "provider.sqlite3"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("READY "), f"the provider did not start: {line!r}"
        yield f"http://127.0.0.1:{int(line.split()[1])}/o"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def government_login(csam, settings):
    settings.SOCIALACCOUNT_PROVIDERS = government_login_providers(
        server_url=csam, client_id=CLIENT_ID, secret=SECRET
    )
    assert django_settings.WIEG_OIDC_NATIONAL_NUMBER_CLAIM == "egovNRN"
    return csam


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _form_action(page: str, marker: str) -> str:
    for action in re.findall(r'<form method="post" action="([^"]+)"', page):
        if marker in action:
            return html.unescape(action)
    raise AssertionError(f"no form posting to {marker}")


def _through_csam(session, response, username):
    """On the provider's login page: sign in there; the redirects lead back to Wieg."""
    assert 'id="csam-login"' in response.text, response.text[:500]
    next_url = re.search(r'name="next" value="([^"]*)"', response.text).group(1)
    return session.post(
        response.url,
        data={
            "csrfmiddlewaretoken": _csrf(response.text),
            "username": username,
            "password": CSAM_PASSWORD,
            "next": html.unescape(next_url),
        },
        timeout=30,
    )


def sign_in(live_server, username):
    session = requests.Session()
    login = session.get(f"{live_server.url}/accounts/login/", timeout=30)
    assert "itsme / eID" in login.text
    to_csam = session.post(
        live_server.url + _form_action(login.text, "/accounts/oidc/csam/login/"),
        data={"csrfmiddlewaretoken": _csrf(login.text)},
        timeout=30,
    )
    return session, _through_csam(session, to_csam, username)


def test_a_parent_signs_in_and_lands_in_her_portal(world, live_server, government_login):
    person = world.t.pregnant_person
    person.national_number = LOTTE
    person.save()
    users = User.objects.count()

    session, landed = sign_in(live_server, "lotte")
    assert landed.status_code == 200
    assert landed.url == f"{live_server.url}/portal/"
    assert "Dag Lotte" in landed.text
    assert session.get(f"{live_server.url}/portal/team/", timeout=30).status_code == 200

    assert User.objects.count() == users  # no new account: hers
    account = SocialAccount.objects.get()
    assert account.user == world.parent_user
    assert account.extra_data == {}  # the national number is not kept with the login
    assert LOTTE not in json.dumps(account.extra_data)

    # A second time: the same account.
    _, again = sign_in(live_server, "lotte")
    assert again.url == f"{live_server.url}/portal/"
    assert SocialAccount.objects.count() == 1


@pytest.mark.parametrize("username", ["onbekend", "zonder"])
def test_an_unknown_or_missing_number_gets_a_clear_page_and_no_account(
    world, live_server, government_login, username
):
    users = User.objects.count()
    session, refused = sign_in(live_server, username)
    assert refused.status_code == 403
    assert "Aanmelden lukt niet" in refused.text
    assert "Er werd geen account gemaakt" in refused.text
    assert User.objects.count() == users
    assert not SocialAccount.objects.exists()
    assert session.get(f"{live_server.url}/portal/", timeout=30, allow_redirects=False).status_code == 302


def test_an_invited_co_parent_accepts_with_the_government_login(world, live_server, government_login):
    jonas = PersonFactory(
        family=world.t.family,
        role="co_parent",
        given_name="Jonas",
        family_name="De Smet",
        national_number=JONAS,
    )
    issued = services.invitation_create(
        actor=actor_for(world.coordinator.user), trajectory=world.t, person=jonas, channel="letter"
    )
    session = requests.Session()
    page = session.get(f"{live_server.url}/invite/{issued.code}/", timeout=30)
    assert "Verder met itsme / eID" in page.text
    to_csam = session.post(
        live_server.url + _form_action(page.text, "/government/"),
        data={"csrfmiddlewaretoken": _csrf(page.text)},
        timeout=30,
    )
    landed = _through_csam(session, to_csam, "jonas")
    assert landed.url == f"{live_server.url}/portal/"
    assert "Dag Jonas" in landed.text
    jonas.refresh_from_db()
    assert jonas.user is not None and jonas.user.kind == "parent"
    assert not jonas.user.has_usable_password()
    assert Invitation.objects.get().status == "accepted"


def test_an_invitation_for_someone_else_is_refused(world, live_server, government_login):
    jonas = PersonFactory(
        family=world.t.family,
        role="co_parent",
        given_name="Jonas",
        family_name="De Smet",
        national_number=JONAS,
    )
    issued = services.invitation_create(
        actor=actor_for(world.coordinator.user), trajectory=world.t, person=jonas, channel="letter"
    )
    users = User.objects.count()
    session = requests.Session()
    page = session.get(f"{live_server.url}/invite/{issued.code}/", timeout=30)
    to_csam = session.post(
        live_server.url + _form_action(page.text, "/government/"),
        data={"csrfmiddlewaretoken": _csrf(page.text)},
        timeout=30,
    )
    refused = _through_csam(session, to_csam, "onbekend")
    assert refused.status_code == 403
    assert "Deze uitnodiging is voor iemand anders" in refused.text
    assert User.objects.count() == users
    assert Invitation.objects.get().status == "pending"


def test_a_professional_is_found_in_the_directory(world, live_server, government_login):
    world.coordinator.national_number = ELS
    world.coordinator.save()
    session, landed = sign_in(live_server, "els")
    assert landed.status_code == 200
    assert "/portal/" not in landed.url
    assert session.get(f"{live_server.url}/trajectories/{world.t.public_id}/", timeout=30).status_code == 200
    assert SocialAccount.objects.get().user == world.coordinator.user


def test_without_configuration_there_is_no_government_login(world, client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert "itsme" not in client.get("/accounts/login/").content.decode()
    assert client.get("/accounts/oidc/csam/login/").status_code == 404
