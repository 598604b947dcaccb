"""`manage.py export_person` (GDPR art. 15): everything held on one person, JSON and HTML in their language,
the export logged without the national number."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from wieg.care.models import AccessEvent, Family
from wieg.pathways.models import Contact, ContactNote
from wieg.portal.models import Invitation
from wieg.testing.factories import PersonFactory
from wieg.testing.personas import build_world

pytestmark = pytest.mark.django_db

MOTHER = "85073003328"
PARTNER = "93051822361"
NOTE = "Moeder slaapt slecht sinds de verhuis"


@pytest.fixture
def family(tmp_path):
    world = build_world()
    t = world.t
    mother = t.pregnant_person
    mother.national_number = MOTHER
    mother.save()
    partner = PersonFactory(
        family=t.family,
        role="co_parent",
        given_name="Tom",
        family_name="Janssens",
        national_number=PARTNER,
        birth_date=dt.date(1993, 5, 18),
    )
    Invitation.objects.create(
        trajectory=t,
        person=partner,
        channel="email",
        sent_to="tom@example.org",
        language="nl",
        code_hash="t" * 64,
        invited_by=world.coordinator,
        expires_at=timezone.now(),
    )
    Invitation.objects.create(
        trajectory=t,
        person=mother,
        channel="sms",
        sent_to="+32470123456",
        language="nl",
        code_hash="m" * 64,
        invited_by=world.coordinator,
        expires_at=timezone.now(),
    )
    contact = Contact.objects.create(trajectory=t, date=dt.date(2026, 3, 2), kind="home_visit")
    ContactNote.objects.create(contact=contact, trajectory=t, category="medical", text=NOTE)
    AccessEvent.objects.create(
        actor_kind="professional",
        professional=world.member,
        organisation=world.midwives,
        action="read",
        object_type="Trajectory",
        trajectory=t,
        family=t.family,
        category="medical",
    )
    return world, mother


def _export(tmp_path, *args):
    call_command("export_person", *args, "--output", str(tmp_path))
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    return data, html


def test_the_export_holds_the_person_the_trajectories_their_records_and_the_access_log(tmp_path, family):
    world, mother = family
    data, html = _export(tmp_path, "--person", str(mother.public_id))

    assert data["person"]["national_number"] == MOTHER
    assert data["person"]["given_name"] == mother.given_name
    assert data["account"]["username"] == "parent"
    assert "password" not in data["account"]
    # The other members by name and role, nothing of their own identifiers.
    others = data["family"]["other_members"]
    assert len(others) == mother.family.members.count() - 1
    assert {"role": "co_parent", "given_name": "Tom", "family_name": "Janssens"} in others
    assert all(set(m) == {"role", "given_name", "family_name"} for m in others)
    assert PARTNER not in json.dumps(data) and PARTNER not in html
    # Her own invitation is hers; the one sent to her partner is not.
    assert [i["sent_to"] for i in data["trajectories"][0]["records"]["portal.Invitation"]] == ["+32470123456"]
    assert "tom@example.org" not in json.dumps(data) and "tom@example.org" not in html
    (trajectory,) = data["trajectories"]
    assert trajectory["public_id"] == str(world.t.public_id)
    assert [n["text"] for n in trajectory["records"]["pathways.ContactNote"]] == [NOTE]
    assert len(trajectory["records"]["care.Consent"]) == world.t.consents.count() == 2
    assert len(trajectory["records"]["care.CareTeamMember"]) == world.t.team.count()
    assert any(e["who"] == "Sofie Claes" and e["category"] == "medical" for e in data["access_log"])
    assert NOTE in html and "Sofie Claes" in html and MOTHER in html


def test_the_export_is_logged_without_the_national_number(tmp_path, family):
    _, mother = family
    before = AccessEvent.objects.count()
    _export(tmp_path, "--national-number", "85.07.30-033.28")
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.get(action="export")
    assert (event.object_type, event.object_id, event.family_id) == (
        "Person",
        str(mother.public_id),
        mother.family_id,
    )
    assert all(MOTHER not in str(getattr(event, f.attname)) for f in AccessEvent._meta.concrete_fields)


def test_the_page_is_in_the_person_language(tmp_path, family):
    _, mother = family
    mother.user.preferred_language = "fr"
    mother.user.save()
    _, html = _export(tmp_path, "--person", str(mother.public_id))
    assert '<html lang="fr">' in html
    assert "Journal des accès" in html


def test_without_an_account_the_family_language_counts(tmp_path, family):
    _, mother = family
    Family.objects.filter(pk=mother.family_id).update(preferred_language="en")
    mother.user = None
    mother.save()
    data, html = _export(tmp_path, "--person", str(mother.public_id))
    assert data["account"] is None
    assert '<html lang="en">' in html


def test_an_unknown_person_is_a_clear_error_without_the_number(tmp_path, family):
    with pytest.raises(CommandError) as error:
        call_command(
            "export_person", "--national-number", PARTNER.replace("93", "94", 1), "--output", str(tmp_path)
        )
    assert "943" not in str(error.value) and "No such person" in str(error.value)
