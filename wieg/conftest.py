import contextlib
import os
import shutil

import pytest

from wieg.accounts.models import ApiToken
from wieg.testing.personas import build_world


def pytest_configure(config):
    from django.conf import settings

    # Hashing passwords at production strength costs ~0.3 s a user: far too slow for fixtures.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in Dutch: an activated language must not leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def api_client(client):
    """A test client that speaks to the API as a given user: api_client.as_user(user).get(...)."""

    class ApiClient:
        def __init__(self):
            self.token = None

        def as_user(self, user):
            _, self.token = ApiToken.issue(user)
            return self

        def _headers(self, extra):
            headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
            headers.update(extra)
            return headers

        def get(self, path, data=None, **extra):
            return client.get(path, data, **self._headers(extra))

        def post(self, path, data=None, **extra):
            return client.post(path, data, content_type="application/json", **self._headers(extra))

        def put(self, path, data=None, **extra):
            return client.put(path, data, content_type="application/json", **self._headers(extra))

        def patch(self, path, data=None, **extra):
            return client.patch(path, data, content_type="application/json", **self._headers(extra))

        def delete(self, path, **extra):
            return client.delete(path, **self._headers(extra))

    return ApiClient()


CHROMIUM = os.environ.get("WIEG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """A real Chromium driven by Playwright. In CI (WIEG_REQUIRE_BROWSER=1) a missing browser fails."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("WIEG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page that fails its test when the Content-Security-Policy blocked anything on it."""
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(15000)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    # Let the page's own requests (htmx panels) finish before the test database is emptied: a request
    # still reading on the live server would deadlock PostgreSQL's TRUNCATE at teardown.
    with contextlib.suppress(Exception):  # a page that never settles is closed all the same
        page.wait_for_load_state("networkidle", timeout=5000)
    context.close()
    assert violations == [], f"blocked by the Content-Security-Policy: {violations}"


@pytest.fixture
def login(page, live_server):
    """login(username, password) signs in through the real login form."""

    def do_login(username, password="wieg-test-pass"):  # noqa: S107 - the factories' test password
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", username)
        page.fill("input[name=password]", password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return do_login
