"""No browser or proxy keeps a copy of what a signed-in person or a token holder got; a strict
Content-Security-Policy and a Permissions-Policy on every response; no start in production on the public
development key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from wieg.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def _assert_private(response):
    assert "no-store" in response["Cache-Control"], response.request["PATH_INFO"]
    assert "max-age" not in response["Cache-Control"]
    _assert_policies(response)


def _assert_policies(response):
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_a_page_a_fragment_an_api_and_a_fhir_response_are_not_stored(world, client):
    client.force_login(world.coordinator.user)
    t = world.t.public_id
    _assert_private(client.get("/caseload/"))
    _assert_private(client.get(f"/trajectories/{t}/"))
    _assert_private(client.get(f"/referrals/trajectories/{t}/section/", HTTP_HX_REQUEST="true"))
    _, raw = ApiToken.issue(world.coordinator.user)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    api = client.get(f"/api/v1/trajectories/{t}", **bearer)
    assert api.status_code == 200
    _assert_private(api)
    fhir = client.get(f"/fhir/r4/EpisodeOfCare/{t}", **bearer)
    assert fhir.status_code == 200
    _assert_private(fhir)
    # Errors too: a 404 or a 401 of the API tells something about someone.
    _assert_private(client.get("/api/v1/trajectories/00000000-0000-0000-0000-000000000000", **bearer))
    _assert_private(client.get("/api/v1/me/tokens"))


def test_a_public_page_carries_the_policies(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    _assert_policies(response)


# Written to a file for a person to keep (a GDPR article 15 export), never served by Wieg: it must read
# offline, so it carries its own style.
OFFLINE_DOCUMENTS = {"wieg/care/templates/care/person_export.html"}


def test_no_template_has_inline_script_style_or_handler():
    """What the policy forbids would silently stop working in the browser: keep it out of the templates."""
    import re

    offenders = []
    for path in (ROOT / "wieg").rglob("*.html"):
        if "tests" in path.parts or path.relative_to(ROOT).as_posix() in OFFLINE_DOCUMENTS:
            continue
        text = re.sub(r"{#.*?#}", "", path.read_text(), flags=re.S)
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*application/json)",
            r"<style",
            r"\sstyle=",
            r"\son[a-z]+=",
        ):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


@override_settings(SECRET_KEY="insecure-development-key-change-me-in-production-0123456789")
def test_check_deploy_fails_on_the_development_key():
    with pytest.raises(SystemCheckError, match="wieg.E001"):
        call_command("check", deploy=True, fail_level="WARNING")


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "WIEG_SECRET_KEY"}
    env.update(WIEG_DEBUG="0", WIEG_SECURE="1", WIEG_ALLOWED_HOSTS="wieg.example.be")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "WIEG_SECRET_KEY must be set" in result.stderr
