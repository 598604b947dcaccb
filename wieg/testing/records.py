"""What professionals and parents recorded about the family of `world.t` in the psychosocial category.

The attack of issue 15: the coordinator screens the pregnant parent and records partner violence and low
mood, writes a psychosocial note on a home visit, and the parent fills in an EPDS the team asked for.
Both parents (the co-parent may be the partner the screening names) must get none of the team's records,
on any channel; the parent keeps her own EPDS.
"""

from dataclasses import dataclass

from django.utils import timezone

# Words that appear only in what the team recorded: none of them may reach a parent.
NOTE = "Partner dreigt met geweld, mama slaapt soms bij haar zus."
CARE_PLAN_NOTE = "Gewicht en voeding besproken."
SECRETS = (
    NOTE,
    "Mama wil eerst zelf",
    "domestic_violence",
    "Intrafamiliaal geweld",
    "depression",
    "caw_violence_residence",
    "epds_self_harm",
)


@dataclass
class PsychosocialRecords:
    screening: object  # the coordinator's psychosocial screening
    contact: object  # a home visit with a psychosocial and a care plan note
    own: object  # the parent's own EPDS
    request: object  # the team's request to fill it in

    def secrets(self) -> tuple[str, ...]:
        return (*SECRETS, str(self.screening.public_id))


def _violence_and_low_mood(definition) -> dict[str, int]:
    """The highest answer on partner violence and depression, the lowest on everything else."""
    answers = {}
    for item in definition["items"]:
        worst = max(o["position"] for o in item["options"])
        answers[item["key"]] = worst if item.get("indicator") in {"domestic_violence", "depression"} else 0
    return answers


def record_psychosocial(world) -> PsychosocialRecords:
    from wieg.pathways.services import contact_record
    from wieg.screening import catalogue
    from wieg.screening.models import Suggestion
    from wieg.screening.services import (
        screening_record,
        screening_request,
        self_screening_submit,
        suggestion_decide,
    )

    coordinator = world.actor("coordinator")
    screening = screening_record(
        actor=coordinator,
        trajectory=world.t,
        instrument_code="psychosocial",
        answers=_violence_and_low_mood(catalogue.instrument("psychosocial").definition),
    )
    # The decision is in the access log's detail ("suggestion caw_violence_residence dismissed").
    suggestion_decide(
        actor=coordinator,
        suggestion=Suggestion.objects.get(screening=screening, rule_key="caw_violence_residence"),
        accept=False,
        reason="Mama wil eerst zelf met het CAW bellen.",
    )
    contact = contact_record(
        actor=coordinator,
        trajectory=world.t,
        date=timezone.localdate(),
        kind="home_visit",
        notes={"psychosocial": NOTE, "care_plan": CARE_PLAN_NOTE},
        match=False,
    )
    request = screening_request(actor=coordinator, trajectory=world.t, instrument_code="epds")
    # Item 10 "sometimes": an urgent flag the coordinator is told about, the parent sees where to find help.
    own = self_screening_submit(actor=world.actor("parent"), request=request, answers=[0] * 9 + [1])
    return PsychosocialRecords(screening=screening, contact=contact, own=own, request=request)
