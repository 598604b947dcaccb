"""What a consent lacks where it blocks: which categories are missing for which organisation, and what to
suggest. The suggestions per kind of organisation are data (data/consent_suggestions.json), not code."""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Category, Consent

SUGGESTIONS = Path(__file__).resolve().parent / "data" / "consent_suggestions.json"

# The four categories in plain words, for the forms that record consent.
EXPLANATIONS = {
    Category.CONTACT: _("wie het gezin is en hoe je het bereikt: namen, adres, telefoon, taal."),
    Category.CARE_PLAN: _("het zorgplan: afspraken, wie wat doet, verwijzingen en hun opvolging."),
    Category.MEDICAL: _("de zwangerschap, de geboorte en de gezondheid van moeder en kind."),
    Category.PSYCHOSOCIAL: _("hoe het met het gezin gaat: stemming, zorgen, wonen, geld, veiligheid."),
}


@cache
def _suggestions() -> dict:
    return json.loads(SUGGESTIONS.read_text(encoding="utf-8"))["by_organisation_kind"]


def suggested_categories(organisation_kind: str | None) -> list[str]:
    """The categories usually given to this kind of organisation; contact is always among them."""
    suggested = _suggestions().get(organisation_kind or "", [Category.CONTACT])
    return [Category.CONTACT.value, *[c for c in suggested if c != Category.CONTACT]]


def suggestions_by_kind() -> dict[str, list[str]]:
    return {kind: suggested_categories(kind) for kind in _suggestions()}


@dataclass
class ConsentNeed:
    """`organisation` lacks `missing` (and has `current`) on `trajectory`; `categories` is what to record."""

    trajectory: object
    organisation: object
    missing: list[str]
    current: list[str] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        """What the consent form is pre-filled with: what there is, what is missing, what is usual."""
        wanted = [Category.CONTACT.value, *self.current, *self.missing, *self.suggested]
        return list(dict.fromkeys(c for c in Category.values if c in wanted))

    @property
    def missing_labels(self) -> list[str]:
        return [Category(c).label for c in self.missing]

    def url(self, next_url: str = "") -> str:
        """The consent form of the trajectory, pre-filled; back to `next_url` once recorded."""
        query = [("organisation", str(self.organisation.public_id))]
        query += [("categories", c) for c in self.categories]
        if next_url:
            query.append(("next", next_url))
        return (
            reverse("care:consents", args=[self.trajectory.public_id])
            + "?"
            + urlencode(query)
            + "#consent-form"
        )

    def as_dict(self) -> dict:
        return {"organisation_id": str(self.organisation.public_id), "missing_categories": list(self.missing)}


def consent_need(trajectory, organisation, categories, *, suggest: bool = False) -> ConsentNeed | None:
    """What the organisation's consent lacks for `categories` (contact is always needed), or None.
    `suggest` adds the categories usual for this kind of organisation to what the form proposes."""
    if organisation is None:
        return None
    consent = Consent.objects.filter(trajectory=trajectory, organisation=organisation).active().first()
    current = list(consent.categories) if consent else []
    needed = [Category.CONTACT.value, *categories]
    missing = [c for c in Category.values if c in needed and c not in current]
    if not missing:
        return None
    return ConsentNeed(
        trajectory=trajectory,
        organisation=organisation,
        missing=missing,
        current=current,
        suggested=suggested_categories(organisation.kind) if suggest else [],
    )


def need_of_actor(actor, trajectory, category: str) -> dict | None:
    """For a page that `category` blocks: what the actor's organisation lacks, and whether the actor may
    record it (`can_record`), as template context for care/includes/consent_need.html."""
    from wieg.directory.models import Organisation

    from .policies import can

    if not getattr(actor, "organisation_id", None):
        return None
    organisation = Organisation.objects.filter(pk=actor.organisation_id).first()
    need = consent_need(trajectory, organisation, [category])
    if need is None:
        return None
    return {"need": need, "can_record": can(actor, "consent.manage", trajectory)}
