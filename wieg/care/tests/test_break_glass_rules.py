"""Break-the-glass for those who give urgent care (ADR 0004): eligible disciplines of treating
organisations, never a path from a national number to a file, one open access per professional,
a review queue that always has a holder, escalation after working days, and the parents told."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from wieg.accounts.models import Notification
from wieg.care import selectors, services
from wieg.care.models import AccessEvent, BreakGlassAccess, Person, ReviewMandate
from wieg.care.policies import can, can_break_glass
from wieg.core.errors import Conflict, Forbidden
from wieg.core.models import Municipality
from wieg.directory.actors import actor_for
from wieg.testing.factories import OrganisationFactory, make_professional

pytestmark = pytest.mark.django_db

REASON = "Spoedopname: de moeder is niet aanspreekbaar"
VALID_NN = "85073003328"
BRUSSELS = ZoneInfo("Europe/Brussels")


def _professional_at(kind, discipline, username="urgent"):
    organisation = OrganisationFactory(name=f"Organisatie {kind}", kind=kind)
    professional = make_professional(username, organisation, discipline=discipline, given_name="Noor")
    return professional, organisation


def _open(professional, trajectory, reason=REASON):
    return services.break_glass_open(actor=actor_for(professional.user), trajectory=trajectory, reason=reason)


# --- Who may break the glass -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, discipline, allowed",
    [
        ("gp_practice", "gp", True),
        ("gynaecology", "gynaecologist", True),
        ("paediatrics", "paediatrician", True),
        ("nicu", "paediatrician", True),
        ("maternity_ward", "midwife", True),
        ("maternity_ward", "nurse", True),
        ("midwife_practice", "midwife", True),
        # Disciplines that do not give urgent care, wherever they work.
        ("maternity_ward", "maternity_carer", False),
        ("maternity_ward", "social_worker", False),
        ("gp_practice", "other", False),
        # Urgent-care disciplines of organisations that do not treat.
        ("kg_team", "nurse", False),
        ("child_care", "nurse", False),
        ("child_care", "other", False),
        ("family_centre", "family_centre_coordinator", False),
        ("ocmw", "social_worker", False),
        ("cgg", "psychologist", False),
        ("maternity_home_care", "maternity_carer", False),
        ("ocmw", "gp", False),
    ],
)
def test_only_urgent_care_disciplines_of_treating_organisations(world, kind, discipline, allowed):
    professional, _ = _professional_at(kind, discipline)
    actor = actor_for(professional.user)
    assert can_break_glass(actor, world.t) is allowed
    if allowed:
        _open(professional, world.t)
        assert can(actor, "psychosocial.view", world.t)
    else:
        with pytest.raises(Forbidden):
            _open(professional, world.t)
        assert not BreakGlassAccess.objects.exists()
        assert not can(actor, "contact.view", world.t)


def test_the_disciplines_and_kinds_are_settings(world, settings):
    social_worker = world.actor("outsider")
    assert not can_break_glass(social_worker, world.t)
    settings.WIEG_BREAK_GLASS_DISCIPLINES = frozenset({"social_worker"})
    settings.WIEG_BREAK_GLASS_ORGANISATION_KINDS = frozenset({"ocmw"})
    assert can_break_glass(social_worker, world.t)
    assert not can_break_glass(world.actor("no_consent"), world.t)


def test_an_ineligible_professional_learns_nothing_from_a_short_reason(world, api_client):
    """Refused before the reason is read: 404 whether the file exists or not."""
    api = api_client.as_user(world.outsider.user)
    response = api.post(f"/api/v1/trajectories/{world.t.public_id}/break-glass", {"reason": "kort"})
    assert response.status_code == 404


def test_the_break_glass_page_is_404_for_a_child_care_manager(world, client):
    manager, _ = _professional_at("child_care", "other", "manager")
    client.force_login(manager.user)
    url = f"/trajectories/{world.t.public_id}/break-glass/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON, "confirm": "on"}).status_code == 404
    assert not BreakGlassAccess.objects.exists()


# --- From a national number to a file ----------------------------------------------------------------


def _known_number(world):
    Person.objects.filter(pk=world.t.pregnant_person_id).update(national_number=VALID_NN)


def test_the_lookup_names_no_file_to_someone_who_may_not_open_it(world, api_client):
    """The attack: a child-care manager looks a national number up, takes the file id, breaks the glass."""
    _known_number(world)
    manager, _ = _professional_at("child_care", "other", "manager")
    body = (
        api_client.as_user(manager.user).get("/api/v1/families/lookup", {"national_number": VALID_NN}).json()
    )
    assert body["found"] is True and body["has_access"] is False
    assert body["trajectory_id"] is None and body["family_id"] is None
    assert body["may_break_glass"] is False
    assert body["coordinating_organisation"]["name"] == "Kind en Gezin Gent-Centrum"
    # Even with the id from elsewhere, the glass stays shut.
    response = api_client.as_user(manager.user).post(
        f"/api/v1/trajectories/{world.t.public_id}/break-glass", {"reason": REASON}
    )
    assert response.status_code == 404
    assert not BreakGlassAccess.objects.exists()
    assert AccessEvent.objects.filter(action="search", professional=manager).count() == 1


def test_the_known_number_conflict_names_no_file(world, api_client):
    _known_number(world)
    manager, _ = _professional_at("child_care", "other", "manager")
    response = api_client.as_user(manager.user).post(
        "/api/v1/families",
        {
            "municipality_nis": "44021",
            "members": [
                {
                    "role": "pregnant_parent",
                    "given_name": "X",
                    "family_name": "Y",
                    "national_number": VALID_NN,
                }
            ],
        },
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert str(world.t.public_id) not in text and str(world.t.family.public_id) not in text
    assert world.t.pregnant_person.given_name not in text


def test_the_lookup_names_the_file_to_an_eligible_physician(world, api_client):
    _known_number(world)
    body = (
        api_client.as_user(world.no_consent.user)
        .get("/api/v1/families/lookup", {"national_number": VALID_NN})
        .json()
    )
    assert body["may_break_glass"] is True
    assert body["trajectory_id"] == str(world.t.public_id)
    assert body["family_id"] is None


def test_the_lookup_names_the_file_to_who_sees_it(world, api_client):
    _known_number(world)
    body = (
        api_client.as_user(world.coordinator.user)
        .get("/api/v1/families/lookup", {"national_number": VALID_NN})
        .json()
    )
    assert body["has_access"] is True and body["may_break_glass"] is False
    assert body["trajectory_id"] == str(world.t.public_id)


# --- One open access per professional and trajectory ---------------------------------------------


def test_a_second_opening_while_one_is_open_is_409(world):
    _open(world.no_consent, world.t)
    with pytest.raises(Conflict):
        _open(world.no_consent, world.t)
    assert BreakGlassAccess.objects.count() == 1


def test_the_database_refuses_an_overlapping_access(world):
    """SQLite: a trigger; PostgreSQL: an exclusion constraint. Both refuse a write that skips the service."""
    first = _open(world.no_consent, world.t)
    with pytest.raises(IntegrityError), transaction.atomic():
        BreakGlassAccess.objects.create(
            trajectory=world.t,
            professional=world.no_consent,
            organisation=world.gp_practice,
            reason=REASON,
            opened_at=first.opened_at + dt.timedelta(hours=1),
            expires_at=first.expires_at + dt.timedelta(hours=1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        BreakGlassAccess.objects.filter(pk=first.pk).update(
            opened_at=first.opened_at - dt.timedelta(hours=10), expires_at=first.expires_at
        )
        BreakGlassAccess.objects.create(
            trajectory=world.t,
            professional=world.no_consent,
            reason=REASON,
            opened_at=first.opened_at - dt.timedelta(hours=9),
            expires_at=first.opened_at - dt.timedelta(hours=8),
        )
    assert BreakGlassAccess.objects.count() == 1


def test_a_new_opening_after_expiry_is_allowed(world):
    first = _open(world.no_consent, world.t)
    BreakGlassAccess.objects.filter(pk=first.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    _open(world.no_consent, world.t)
    assert BreakGlassAccess.objects.filter(professional=world.no_consent).count() == 2


# --- The review queue --------------------------------------------------------------------------------


def _reviewer(username, organisation):
    return make_professional(username, organisation, discipline="other", role="reviewer")


def _queue(professional):
    return list(selectors.break_glass_queue(actor_for(professional.user)))


def _province(world):
    return world.gp_practice.municipality.province


def test_the_organisations_own_reviewer_holds_the_opening(world):
    own = _reviewer("own_reviewer", world.gp_practice)
    regional_org = OrganisationFactory(name="Opgroeien privacyteam Oost-Vlaanderen", kind="other")
    ReviewMandate.objects.create(organisation=regional_org, province=_province(world))
    regional = _reviewer("regional", regional_org)
    access = _open(world.no_consent, world.t)
    assert _queue(own) == [access]
    assert _queue(regional) == []
    assert [n.user for n in Notification.objects.filter(subject__startswith="Noodtoegang om")] == [own.user]


def test_without_a_reviewer_of_its_own_the_regional_reviewer_holds_it(world, client):
    regional_org = OrganisationFactory(name="Opgroeien privacyteam Oost-Vlaanderen", kind="other")
    ReviewMandate.objects.create(organisation=regional_org, province=_province(world))
    regional = _reviewer("regional", regional_org)
    other_province_org = OrganisationFactory(
        name="Opgroeien privacyteam Limburg",
        kind="other",
        municipality=Municipality.objects.get(nis_code="71016"),
    )
    ReviewMandate.objects.create(
        organisation=other_province_org, province=other_province_org.municipality.province
    )
    elsewhere = _reviewer("limburg", other_province_org)
    access = _open(world.no_consent, world.t)
    assert _queue(regional) == [access]
    assert _queue(elsewhere) == []
    assert Notification.objects.filter(user=regional.user, subject="Noodtoegang om na te kijken").exists()
    client.force_login(regional.user)
    assert REASON in client.get("/review/").content.decode()
    assert client.post(f"/review/{access.public_id}/", {"outcome": "justified"}).status_code == 302
    access.refresh_from_db()
    assert access.review_outcome == "justified" and access.reviewed_by == regional


def test_a_central_reviewer_holds_openings_everywhere(world):
    central_org = OrganisationFactory(name="Opgroeien, centraal privacyteam", kind="other")
    ReviewMandate.objects.create(organisation=central_org, province=None)
    central = _reviewer("central", central_org)
    access = _open(world.no_consent, world.t)
    assert _queue(central) == [access]


def test_nobody_reviews_their_own_opening(world):
    """A physician who is also her practice's reviewer opens a file: a colleague or the region reviews it."""
    from wieg.directory.models import Membership

    Membership.objects.filter(professional=world.no_consent).update(role="reviewer")
    access = _open(world.no_consent, world.t)
    assert _queue(world.no_consent) == []
    with pytest.raises(Forbidden):
        services.break_glass_review(actor=world.actor("no_consent"), access=access, outcome="justified")


# --- Escalation after working days -------------------------------------------------------------------


def test_unreviewed_openings_are_escalated_after_three_working_days_once(world):
    """Opened on Thursday 24 December 2026: Christmas and the weekend do not count, the third working day
    is Wednesday 30 December; on Thursday 31 December the opening goes to the regional reviewer."""
    own = _reviewer("own_reviewer", world.gp_practice)
    regional_org = OrganisationFactory(name="Opgroeien privacyteam Oost-Vlaanderen", kind="other")
    ReviewMandate.objects.create(organisation=regional_org, province=_province(world))
    regional = _reviewer("regional", regional_org)
    access = _open(world.no_consent, world.t)
    opened = dt.datetime(2026, 12, 24, 10, 30, tzinfo=BRUSSELS)
    BreakGlassAccess.objects.filter(pk=access.pk).update(
        opened_at=opened, expires_at=opened + dt.timedelta(hours=4), review_due_on=None
    )
    assert _queue(regional) == []

    call_command("escalate_break_glass", today="2026-12-30")
    access.refresh_from_db()
    assert access.review_due_on == dt.date(2026, 12, 30) and access.escalated_at is None

    call_command("escalate_break_glass", today="2026-12-31")
    access.refresh_from_db()
    assert access.escalated_at is not None
    assert _queue(regional) == [access] and _queue(own) == [access]
    late = Notification.objects.filter(subject="Noodtoegang niet op tijd nagekeken")
    assert sorted(n.user.username for n in late) == ["own_reviewer", "regional"]
    assert (
        AccessEvent.objects.filter(
            object_type="BreakGlassAccess", detail="break-the-glass review escalated", actor_kind="system"
        ).count()
        == 1
    )

    call_command("escalate_break_glass", today="2027-01-04")
    assert late.count() == 2
    assert AccessEvent.objects.filter(detail="break-the-glass review escalated").count() == 1


def test_a_reviewed_opening_is_never_escalated(world):
    own = _reviewer("own_reviewer", world.gp_practice)
    access = _open(world.no_consent, world.t)
    services.break_glass_review(actor=actor_for(own.user), access=access, outcome="justified")
    call_command("escalate_break_glass", today=(timezone.localdate() + dt.timedelta(days=30)).isoformat())
    access.refresh_from_db()
    assert access.escalated_at is None


# --- The parents are told ----------------------------------------------------------------------------


def test_parents_read_the_opening_in_plain_words(world, client, api_client):
    _open(world.no_consent, world.t)
    client.force_login(world.parent_user)
    html = client.get(f"/portal/access-log/?t={world.t.public_id}").content.decode()
    assert (
        "Pieter Maes van Huisartsenpraktijk Ledeberg opende uw dossier in een noodsituatie, "
        "zonder uw toestemming" in html
    )
    assert REASON in html
    assert "Een privacyverantwoordelijke kijkt na of het terecht was." in html
    body = (
        api_client.as_user(world.parent_user)
        .get(f"/api/v1/trajectories/{world.t.public_id}/access-log")
        .json()
    )
    [opening] = body["break_glass_openings"]
    assert opening["who"] == "Pieter Maes" and opening["organisation"] == "Huisartsenpraktijk Ledeberg"
    assert opening["reason"] == REASON and opening["reviewed"] is False


def test_parents_read_it_in_french(world, client):
    _open(world.no_consent, world.t)
    world.parent_user.preferred_language = "fr"
    world.parent_user.save(update_fields=["preferred_language"])
    client.force_login(world.parent_user)
    html = client.get(f"/portal/access-log/?t={world.t.public_id}").content.decode()
    assert "Pieter Maes de Huisartsenpraktijk Ledeberg a ouvert votre dossier en urgence" in html
