"""Reads for the parents' own pages, all through the care policy: a parent sees their own family."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wieg.care import selectors as care
from wieg.care.models import CATEGORIES, Consent, Exclusion, Person, Trajectory

# Categories of information in the words a parent uses.
PLAIN_CATEGORIES = {
    "contact": gettext_lazy("hoe we u kunnen bereiken (naam, adres, telefoon)"),
    "care_plan": gettext_lazy("de afspraken en het plan"),
    "medical": gettext_lazy("medische gegevens (zwangerschap, geboorte, gezondheid)"),
    "psychosocial": gettext_lazy("hoe het met u gaat (gevoelens, zorgen thuis)"),
}

SHORT_CATEGORIES = {
    "contact": gettext_lazy("contactgegevens"),
    "care_plan": gettext_lazy("plan"),
    "medical": gettext_lazy("medisch"),
    "psychosocial": gettext_lazy("welzijn"),
}


def own_trajectories(actor):
    """A parent's trajectories, active first, newest first."""
    if not actor.is_parent:
        return Trajectory.objects.none()
    return (
        Trajectory.objects.visible_to(actor)
        .select_related("family__municipality", "pregnant_person", "child")
        .order_by("status", "-start_date", "-pk")
    )


def current_trajectory(actor, wanted=None) -> Trajectory | None:
    qs = own_trajectories(actor)
    if wanted:
        found = qs.filter(public_id=wanted).first()
        if found is not None:
            return found
    return qs.first()


def own_person(actor, trajectory: Trajectory) -> Person | None:
    """The parent herself in this family: her own contact details are the only ones the portal shows."""
    if not actor.is_parent or actor.user_id is None:
        return None
    return (
        Person.objects.filter(family_id=trajectory.family_id, user_id=actor.user_id)
        .select_related("address_municipality", "family")
        .first()
    )


@dataclass
class TeamRow:
    member: object
    categories: list[str]
    excluded: bool
    is_coordinator: bool

    @property
    def plain_categories(self) -> list[str]:
        return [str(PLAIN_CATEGORIES[c]) for c in self.categories]


def team_with_rights(trajectory: Trajectory) -> list[TeamRow]:
    """Each active team member and what the family's consent lets them see. Three queries in all."""
    team = list(care.team_of(trajectory))
    consents = list(Consent.objects.active().filter(trajectory=trajectory))
    excluded = set(
        Exclusion.objects.filter(trajectory=trajectory, lifted_at__isnull=True).values_list(
            "professional_id", flat=True
        )
    )
    coordinator = care.coordinator_of(trajectory)
    rows = []
    for member in team:
        allowed = set()
        for consent in consents:
            if (
                consent.organisation_id == member.organisation_id
                or consent.professional_id == member.professional_id
            ):
                allowed.update(consent.categories)
        is_excluded = member.professional_id in excluded
        rows.append(
            TeamRow(
                member=member,
                categories=[] if is_excluded else [c for c in CATEGORIES if c in allowed],
                excluded=is_excluded,
                is_coordinator=coordinator is not None
                and coordinator.professional_id == member.professional_id,
            )
        )
    return rows


def consents_for_parent(trajectory: Trajectory):
    return care.consents_of(trajectory, include_withdrawn=False)


def consent_organisations(trajectory: Trajectory):
    """Organisations a parent may give consent to: those of the team, and those that had consent before."""
    from wieg.directory.models import Organisation

    team_orgs = care.team_of(trajectory).values("organisation")
    earlier = Consent.objects.filter(trajectory=trajectory, organisation__isnull=False).values("organisation")
    return Organisation.objects.filter(Q(pk__in=team_orgs) | Q(pk__in=earlier)).order_by("name")


ACTION_WORDS = {
    "read": gettext_lazy("heeft uw dossier bekeken"),
    "list": gettext_lazy("zag uw gezin in een lijst"),
    "search": gettext_lazy("heeft uw gezin opgezocht"),
    "create": gettext_lazy("heeft iets toegevoegd"),
    "update": gettext_lazy("heeft iets aangepast"),
    "delete": gettext_lazy("heeft iets beëindigd"),
    "export": gettext_lazy("heeft gegevens doorgestuurd"),
}

# What was touched, for the writes parents recognise best.
OBJECT_WORDS = {
    ("create", "Consent"): gettext_lazy("legde een toestemming vast"),
    ("update", "Consent"): gettext_lazy("paste een toestemming aan"),
    ("create", "Exclusion"): gettext_lazy("legde een uitsluiting vast"),
    ("update", "Exclusion"): gettext_lazy("hief een uitsluiting op"),
    ("create", "CareTeamMember"): gettext_lazy("voegde iemand toe aan het zorgteam"),
    ("delete", "CareTeamMember"): gettext_lazy("haalde iemand uit het zorgteam"),
    ("create", "Registration"): gettext_lazy("schreef u in voor een activiteit"),
    ("create", "BreakGlassAccess"): gettext_lazy(
        "opende uw dossier in een noodsituatie, zonder uw toestemming"
    ),
    ("update", "Registration"): gettext_lazy("paste een inschrijving voor een activiteit aan"),
    ("create", "Invitation"): gettext_lazy("nodigde iemand van uw gezin uit voor Wieg"),
    ("delete", "Invitation"): gettext_lazy("trok een uitnodiging voor Wieg in"),
    ("update", "Invitation"): gettext_lazy("aanvaardde een uitnodiging en kreeg toegang tot het dossier"),
    ("read", "Invitation"): gettext_lazy("opende een uitnodiging voor Wieg"),
    ("update", "Person"): gettext_lazy("paste contactgegevens aan"),
    # An administrator's change to the way in of someone in the care team (wieg/care/receivers.py).
    ("update", "AccountPassword"): gettext_lazy(
        "koos een nieuw wachtwoord voor %(name)s uit uw zorgteam; %(name)s moet zelf een nieuw kiezen"
    ),
    ("update", "AccountSecondFactor"): gettext_lazy(
        "schakelde de tweestapsverificatie van %(name)s uit uw zorgteam uit; "
        "%(name)s moet ze opnieuw instellen"
    ),
    ("update", "AccountLink"): gettext_lazy(
        "koppelde een ander account aan %(name)s uit uw zorgteam; "
        "dat account moet zich eerst opnieuw aanmelden"
    ),
    ("update", "AccountReenrolment"): gettext_lazy(
        "koos opnieuw een eigen wachtwoord en tweestapsverificatie na een wijziging door een beheerder"
    ),
}
ACCOUNT_OBJECTS = {"AccountPassword", "AccountSecondFactor", "AccountLink", "AccountReenrolment"}


@dataclass
class LogLine:
    at: object
    who: str
    organisation: str
    what: str
    category: str
    break_glass: bool
    is_me: bool


def access_log_lines(actor, trajectory: Trajectory, *, include_mine: bool = False):
    """The access log in plain words. Raises Trajectory.DoesNotExist when the actor may not read it."""
    events = care.access_log(actor, trajectory)
    if not include_mine:
        events = events.exclude(user_id=actor.user_id)
    return events


def emergency_openings(actor, trajectory: Trajectory):
    """Every break-the-glass opening of the family's file, with its reason and review, for the parents.
    Raises Trajectory.DoesNotExist when the actor may not read the access log."""
    care.access_log(actor, trajectory)
    return list(care.break_glass_of(trajectory))


def plain_line(event, actor) -> LogLine:
    is_me = event.user_id is not None and event.user_id == actor.user_id
    if is_me:
        who = _("U zelf")
    elif event.actor_kind == "professional" and event.author_name:
        who = event.author_name
    elif event.actor_kind == "system":
        who = _("Wieg (automatisch)")
    elif event.actor_kind == "anonymous":
        who = _("Iemand met een uitnodigingscode")
    elif event.actor_kind == "parent":
        # Parents see each other's first name only, as they wrote it.
        who = event.author_name.split(" ")[0] or _("Een ouder van uw gezin")
    elif event.actor_kind == "admin" and event.author_name:
        who = _("Beheerder %(name)s") % {"name": event.author_name}
    else:
        who = _("Een beheerder")
    what = str(
        OBJECT_WORDS.get((event.action, event.object_type)) or ACTION_WORDS.get(event.action, event.action)
    )
    if event.object_type in ACCOUNT_OBJECTS:
        what = what % {"name": event.detail}
    return LogLine(
        at=event.at,
        who=who,
        organisation=event.organisation_name,
        what=what,
        # "what" was read matters to parents; for a write the sentence already says what changed.
        category=str(SHORT_CATEGORIES.get(event.category, ""))
        if event.category and event.action in {"read", "list", "search", "export"}
        else "",
        break_glass=event.break_glass,
        is_me=is_me,
    )


def invitations_of(actor, trajectory: Trajectory):
    """The invitations of a trajectory, for its coordinator only (Trajectory.DoesNotExist for anyone else)."""
    from wieg.care.policies import can

    from .models import Invitation

    if not can(actor, "trajectory.manage", trajectory):
        raise Trajectory.DoesNotExist
    return (
        Invitation.objects.filter(trajectory=trajectory)
        .select_related("person", "invited_by", "organisation", "revoked_by", "accepted_by")
        .order_by("-created_at", "-pk")
    )


def invitation_get(actor, public_id):
    """One invitation the actor may manage, or Invitation.DoesNotExist (missing and forbidden alike)."""
    from wieg.care.policies import scope

    from .models import Invitation

    return (
        scope(actor, "trajectory.manage", Invitation.objects.all())
        .select_related("trajectory__family", "person", "invited_by", "organisation")
        .get(public_id=public_id)
    )


def invitable_members(trajectory: Trajectory):
    from .models import INVITABLE_ROLES

    return (
        care.members_of(trajectory)
        .filter(role__in=INVITABLE_ROLES)
        .select_related("user")
        .order_by("role", "pk")
    )
