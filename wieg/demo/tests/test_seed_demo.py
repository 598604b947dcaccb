import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q
from stdnum.be import bis, nn

from wieg.accounts.models import User
from wieg.care import selectors
from wieg.care.models import (
    CareTeamMember,
    Consent,
    CoordinatorAssignment,
    Exclusion,
    Family,
    Person,
    Trajectory,
)
from wieg.demo.models import DemoRun
from wieg.demo.personas import ORGANISATIONS, PERSONAS, REGION
from wieg.demo.seeders import DEMO_PASSWORD
from wieg.demo.seeders import care as care_seeder
from wieg.directory.actors import actor_for
from wieg.directory.models import Membership

TODAY = dt.date(2026, 3, 2)
ORGANISATION_KEYS = {
    "kg",
    "midwives",
    "gp",
    "gynaecology",
    "kraamzorg",
    "ocmw",
    "caw",
    "cgg",
    "ckg",
    "family_centre",
    "maternity_ward",
    "nicu",
    "paediatrics",
    "child_care",
}


def seed(families=40, seed=7, **kwargs):
    out = StringIO()
    call_command("seed_demo", families=families, seed=seed, today=TODAY, stdout=out, **kwargs)
    return out.getvalue()


def snapshot():
    people = sorted(
        Person.objects.values_list(
            "public_id", "given_name", "family_name", "birth_date", "national_number", "role"
        )
    )
    trajectories = sorted(
        Trajectory.objects.values_list(
            "public_id", "due_date", "birth_date", "status", "closed_reason", "family__municipality__nis_code"
        )
    )
    counts = {
        model.__name__: model.objects.count()
        for model in (Family, Person, Trajectory, Consent, CareTeamMember, CoordinatorAssignment, User)
    }
    return people, trajectories, counts


@pytest.fixture
def demo(db):
    seed()
    return DemoRun.objects.get()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(db):
    snapshots = []
    for s in (7, 7, 8):
        with transaction.atomic():
            seed(seed=s)
            snapshots.append(snapshot())
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1]
    assert snapshots[0][2]["Trajectory"] == 40
    assert snapshots[0][0] != snapshots[2][0]


def test_every_trajectory_has_exactly_one_coordinator_with_consent_for_their_organisation(demo):
    trajectories = Trajectory.objects.annotate(
        open=Count("coordinator_assignments", filter=Q(coordinator_assignments__end__isnull=True)),
        all=Count("coordinator_assignments"),
    )
    assert trajectories.count() == 40
    for t in trajectories:
        if t.status == "active":
            assert t.open == 1, t
            current = t.coordinator_assignments.get(end__isnull=True)
            assert (
                CareTeamMember.objects.active()
                .filter(trajectory=t, professional=current.professional)
                .exists()
            )
        else:
            assert t.open == 0 and t.all >= 1, t
            current = t.coordinator_assignments.order_by("-start").first()
        assert Consent.objects.filter(
            trajectory=t, organisation=current.organisation, withdrawn_at__isnull=True, contact=True
        ).exists(), t
    # Every team member's organisation has consent too, so the team sees what the demo shows.
    for member in CareTeamMember.objects.all():
        assert Consent.objects.filter(
            trajectory=member.trajectory_id, organisation=member.organisation_id
        ).exists()


def test_parents_withdrew_a_consent_and_excluded_a_professional_in_the_showcase(demo):
    assert Consent.objects.filter(withdrawn_at__isnull=False).exists()
    exclusion = Exclusion.objects.get()
    excluded = actor_for(exclusion.professional.user)
    assert not Trajectory.objects.visible_to(excluded).filter(pk=exclusion.trajectory_id).exists()


def test_national_numbers_are_valid_and_some_people_have_none(demo):
    numbers = list(Person.objects.exclude(national_number=None).values_list("national_number", "birth_date"))
    assert numbers
    for number, birth_date in numbers:
        assert nn.is_valid(number) or bis.is_valid(number), number
        if birth_date and birth_date.year >= 2000 and nn.is_valid(number):
            assert nn.get_birth_date(number) == birth_date
    assert any(b.year >= 2000 for _, b in numbers), "someone born after 2000 has a number"
    assert any(b.year < 2000 for _, b in numbers)
    assert Person.objects.filter(national_number=None).exists()


def test_every_phase_and_closing_reason_is_there(demo):
    trajectories = list(Trajectory.objects.all())
    phases = Counter(t.phase_on(TODAY) for t in trajectories if t.status == "active")
    assert {"prenatal", "postnatal", "infancy"} <= set(phases)
    weeks = {t.gestational_week_on(TODAY) for t in trajectories if t.status == "active" and not t.birth_date}
    assert min(weeks) <= 12 and max(weeks) >= 34
    reasons = {t.closed_reason for t in trajectories if t.status == "closed"}
    assert reasons == {"day_1000", "pregnancy_loss", "moved_away", "declined", "transferred"}
    for t in trajectories:
        if t.birth_date:
            assert (
                t.child.family_id == t.family_id
                and t.child.role == "child"
                and t.child.birth_date == t.birth_date
            )
        if t.status == "active":
            assert t.end_date > TODAY
    region = {nis for nis, _ in REGION}
    assert set(Family.objects.values_list("municipality__nis_code", flat=True)) <= region


def test_every_account_exists_and_logs_in_with_the_demo_password(demo, client):
    for persona in PERSONAS:
        user = User.objects.get(username=persona.username)
        assert user.kind == persona.kind
        assert client.login(username=persona.username, password=DEMO_PASSWORD), persona.username
        client.logout()
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser and not hasattr(admin, "professional")
    reviewer = Membership.objects.get(professional__user__username="reviewer")
    nurse = Membership.objects.get(professional__user__username="nurse")
    assert reviewer.role == "reviewer" and reviewer.organisation == nurse.organisation
    assert nurse.organisation.kind == "kg_team"
    assert (
        Membership.objects.get(professional__user__username="midwife").organisation.kind == "midwife_practice"
    )
    assert Membership.objects.get(professional__user__username="social").organisation.kind == "ocmw"
    assert Membership.objects.get(professional__user__username="centre").organisation.kind == "family_centre"


def test_the_nurse_coordinates_most_families_and_each_persona_sees_what_it_should(demo):
    nurse = actor_for(User.objects.get(username="nurse"))
    active = Trajectory.objects.filter(status="active").count()
    assert selectors.caseload(nurse, role="coordinator").count() > active / 2
    for username in ("midwife", "gp", "kraamzorg", "social", "psychologist"):
        assert selectors.caseload(actor_for(User.objects.get(username=username))).exists(), username
    for username in ("analyst", "admin", "reviewer"):
        assert not Trajectory.objects.visible_to(actor_for(User.objects.get(username=username))).exists()


def test_the_parent_is_linked_to_an_active_trajectory(demo):
    parent = User.objects.get(username="parent")
    person = Person.objects.get(user=parent)
    trajectory = Trajectory.objects.get(pregnant_person=person)
    assert trajectory.status == "active"
    visible = Trajectory.objects.visible_to(actor_for(parent))
    assert list(visible) == [trajectory]


def test_the_co_parent_has_an_account_in_the_same_family_and_demo_logins_lists_it(demo):
    from wieg.care.policies import visible_categories

    parent, coparent = User.objects.get(username="parent"), User.objects.get(username="coparent")
    assert coparent.kind == "parent"
    person = Person.objects.get(user=coparent)
    trajectory = Trajectory.objects.get(pregnant_person__user=parent)
    assert person.role == "co_parent" and person.family_id == trajectory.family_id
    assert (person.given_name, person.family_name) == ("Jonas", "De Smet")
    actor = actor_for(coparent)
    assert list(Trajectory.objects.visible_to(actor)) == [trajectory]
    assert visible_categories(actor, trajectory) == {"contact", "care_plan", "medical"}
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "coparent" in out.getvalue() and "co-parent" in out.getvalue()


def test_the_context_is_filled_for_the_other_seeders(db, monkeypatch):
    seen = {}
    monkeypatch.setattr("wieg.demo.seeders.ORDER", ["care"])
    from wieg.demo import seeders

    original = seeders.run

    def run(ctx):
        original(ctx)
        seen["ctx"] = ctx

    monkeypatch.setattr(seeders, "run", run)
    seed(families=20)
    ctx = seen["ctx"]
    assert set(ctx.organisations) >= ORGANISATION_KEYS
    assert {o.key for o in ORGANISATIONS} == set(ctx.organisations)
    assert set(ctx.users) == {p.username for p in PERSONAS}
    assert {
        "nurse",
        "midwife",
        "gp",
        "gynaecologist",
        "kraamzorg",
        "social",
        "psychologist",
        "centre",
        "reviewer",
    } <= set(ctx.professionals)
    assert len(ctx.trajectory_ids) == 20 == len(set(ctx.trajectory_ids))
    assert ctx.region_trajectory_ids == ctx.trajectory_ids
    assert ctx.region_nis[0] == "44021"


def test_a_second_run_keeps_the_data_and_says_so(demo):
    before = snapshot()
    out = seed()
    assert "already here" in out
    out = seed(families=80)
    assert "--reset" in out
    assert snapshot() == before
    assert DemoRun.objects.count() == 1


def test_it_refuses_a_database_that_is_not_a_demo_database(db):
    User.objects.create_user("someone")
    with pytest.raises(CommandError):
        seed()
    with pytest.raises(CommandError):
        seed(reset=True)
    assert not Family.objects.exists()


def test_above_the_region_the_families_go_to_local_teams_and_the_nurse_keeps_a_caseload(db, monkeypatch):
    monkeypatch.setattr(care_seeder, "CORE_FAMILIES", 20)
    monkeypatch.setattr(care_seeder, "BACKGROUND_CASELOAD", 5)
    ctx = {}
    monkeypatch.setattr(care_seeder, "_consent_history", lambda c: ctx.setdefault("ctx", c))
    seed(families=60)
    assert len(ctx["ctx"].region_trajectory_ids) == 20 and len(ctx["ctx"].trajectory_ids) == 60
    nurse = actor_for(User.objects.get(username="nurse"))
    assert selectors.caseload(nurse, status="").count() <= 20
    assert Trajectory.objects.count() == 60
    open_assignments = CoordinatorAssignment.objects.filter(end__isnull=True)
    assert open_assignments.count() == Trajectory.objects.filter(status="active").count()
    busiest = open_assignments.values("professional").annotate(n=Count("id")).order_by("-n").first()
    assert busiest["n"] <= 20


def test_demo_logins_prints_a_ready_invitation_for_the_parents_partner(demo, client):
    import io
    import re

    from django.core.management import call_command

    from wieg.portal.models import Invitation

    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    printed = out.getvalue()
    code = re.search(r"code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", printed).group(1)
    assert f"/invite/{code}/" in printed
    invitation = Invitation.objects.get(accepted_at=None, revoked_at=None)
    # A parent who has no account yet (the demo parent's partner has the `coparent` login already).
    assert invitation.person.user_id is None
    assert invitation.person.role in {"pregnant_parent", "co_parent"}
    assert client.get(f"/invite/{code}/").status_code == 200
    # The next `make demo` prints a new code and the old one stops working.
    call_command("demo_logins", stdout=io.StringIO())
    assert client.get(f"/invite/{code}/").status_code == 410


def test_every_break_the_glass_opening_of_the_demo_has_a_reviewer(demo):
    from wieg.care.models import BreakGlassAccess

    openings = list(BreakGlassAccess.objects.select_related("organisation"))
    assert openings, "the demo shows the review queue with an opening in it"
    reviewer = actor_for(User.objects.get(username="reviewer"))
    queue = set(selectors.break_glass_queue(reviewer))
    for access in openings:
        assert selectors.reviewers_of(access), access.organisation
        assert access in queue
        assert access.organisation.kind == "maternity_ward"
    # The family sees it in their log; two days later the four hours are long over.
    from wieg.care.models import AccessEvent

    assert AccessEvent.objects.filter(
        trajectory_id=openings[0].trajectory_id, object_type="BreakGlassAccess", break_glass=True
    ).exists()
    midwife = actor_for(User.objects.get(username="ward_midwife"))
    assert not Trajectory.objects.visible_to(midwife).filter(pk=openings[0].trajectory_id).exists()


def test_families_have_contact_details_that_pass_the_real_checks(demo):
    """Ghent addresses with their own postal code, demo mobiles that phonenumbers accepts, some with an
    interpreter, a few not safe to contact (the showcase's high-risk family among them)."""
    from wieg.care.contact import parse_phone
    from wieg.demo.seeders.contact import DEMO_EMAIL_DOMAIN, DEMO_MOBILE_BLOCK, GHENT_STREETS

    parents = Person.objects.exclude(role="child").select_related("address_municipality")
    assert parents.count() > 40
    for p in parents:
        assert p.address_municipality.postal_codes.filter(code=p.postal_code).exists(), p.postal_code
        for phone in p.phones:
            assert parse_phone(phone["number"]) == phone["number"]
            assert phone["number"].startswith(DEMO_MOBILE_BLOCK)
        assert not p.email or p.email.endswith("@" + DEMO_EMAIL_DOMAIN)
    in_ghent = list(parents.filter(address_municipality__nis_code="44021"))
    assert in_ghent
    assert all((p.street, p.postal_code) in GHENT_STREETS for p in in_ghent)
    assert parents.filter(interpreter_needed=True).exclude(interpreter_language="").exists()
    not_safe = parents.filter(safe_to_contact=False)
    assert not_safe.exists() and all(p.contact_note for p in not_safe)
    assert Trajectory.objects.filter(risk_level="high", pregnant_person__safe_to_contact=False).exists()


def test_the_showcase_has_twins_with_a_long_nicu_stay_and_every_birth_its_children(demo):
    from wieg.booklets.models import Distribution
    from wieg.care.models import TrajectoryChild

    twins = Trajectory.objects.get(plurality=2, birth_date=TODAY - dt.timedelta(days=25))
    children = list(TrajectoryChild.objects.filter(trajectory=twins).select_related("person"))
    assert [c.number for c in children] == [1, 2]
    assert all(c.person.birth_date == twins.birth_date for c in children)
    assert twins.child == children[0].person
    # Born on 5 February 2026, on the NICU until 23 February: 18 days, a long admission.
    assert (twins.nicu_admission_date, twins.nicu_discharge_date) == (
        dt.date(2026, 2, 5),
        dt.date(2026, 2, 23),
    )
    for t in Trajectory.objects.filter(birth_date__isnull=False):
        assert TrajectoryChild.objects.filter(trajectory=t).count() == t.plurality
        if t.nicu_admission_date:
            assert t.nicu_admission and t.nicu_admission_date >= t.birth_date
            assert t.nicu_discharge_date is None or t.nicu_discharge_date >= t.nicu_admission_date
    for d in Distribution.objects.filter(step="nicu").select_related("trajectory"):
        t = d.trajectory
        assert t.nicu_admission_date <= d.handed_out_on
        assert t.nicu_discharge_date is None or (
            d.handed_out_on <= t.nicu_discharge_date
            and (t.nicu_discharge_date - t.nicu_admission_date).days >= 14
        )


def test_demo_logins_prints_the_address_the_server_runs_on(demo, settings):
    settings.WIEG_PUBLIC_URL = "http://127.0.0.1:8001"
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "Log in at http://127.0.0.1:8001/accounts/login/" in out.getvalue()
    assert ":8000" not in out.getvalue()
