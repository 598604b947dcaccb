"""Screenings as FHIR: the questionnaires (Questionnaire), the answers (QuestionnaireResponse) and what the
EPDS yields for a receiving system (Observation: the total and item 10, thoughts of self-harm).

A response answers each item in printed order with the coding of the chosen answer, and carries the
answer's score as the `ordinalValue` extension: a receiver that adds up the answers gets Wieg's total.
The questionnaires are definitions, open to every reader; responses and observations are psychosocial.
"""

from django.db.models import CharField, F, Value
from django.utils.translation import get_language

from wieg.care.policies import scope
from wieg.screening import catalogue
from wieg.screening.models import Instrument, Screening, pick_label

from .. import systems as s
from ..context import Context
from ..registry import Provider, SearchParam, TrajectoryRowProvider
from .common import by_id, clean, date_filter, meta, person_reference_params, token, uuid_of

QUESTIONNAIRE = catalogue.QUESTIONNAIRE_BASE
EXT_SCORE = f"{s.BASE}/StructureDefinition/screening-score"
EXT_RESPONDENT = f"{s.BASE}/StructureDefinition/respondent"
EXT_EPISODE = "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
CS_SCREENING_FLAG = f"{s.BASE}/CodeSystem/screening-flag"
CS_OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CS_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
EPDS_DISPLAY = "Edinburgh Postnatal Depression Scale [EPDS]"
SELF_HARM_ITEM = "self_harm"


def answer_system(code: str) -> str:
    return f"{s.BASE}/CodeSystem/{code}-answer"


def item_system(code: str) -> str:
    return f"{s.BASE}/CodeSystem/{code}-item"


def _ordinal(score) -> list[dict]:
    return [{"url": ORDINAL_VALUE, "valueDecimal": float(score)}]


def _answer_coding(code: str, option: dict) -> dict:
    return {
        "extension": _ordinal(option["score"]),
        "system": answer_system(code),
        "code": option["code"],
        "display": option["text"],
    }


def _printed(instrument: Instrument, ctx: Context) -> dict:
    """The questionnaire in the reader's language, built once per response (a version never changes).

    The shipped wording only: licensed texts an operator loaded may not be passed on to other systems."""
    cache = ctx.extras.setdefault("questionnaires", {})
    language = (get_language() or "nl")[:2]
    if (instrument.pk, language) not in cache:
        cache[instrument.pk, language] = catalogue.questionnaire(instrument, language, licensed={})
    return cache[instrument.pk, language]


def _instrument(pk: int, ctx: Context) -> Instrument:
    cache = ctx.extras.setdefault("instruments", {})
    if pk not in cache:
        cache[pk] = Instrument.objects.get(pk=pk)
    return cache[pk]


# --- Questionnaire ---------------------------------------------------------------------------------------
def _questionnaire_id(instrument: Instrument) -> str:
    return f"{instrument.code}-{instrument.version}"


def _by_questionnaire_id(qs, value: str):
    wanted = set()
    for raw in value.split(","):
        code, _, version = raw.strip().rpartition("-")
        if code and version.isdigit():
            wanted.add((code, int(version)))
    ids = [i.pk for i in qs if (i.code, i.version) in wanted]
    return qs.filter(pk__in=ids)


def _by_url(qs, value: str):
    url, _, version = value.partition("|")
    code = url.rstrip("/").rsplit("/", 1)[-1] if url.startswith(QUESTIONNAIRE) else None
    qs = qs.filter(code=code) if code else qs.none()
    return qs.filter(version=int(version)) if version.isdigit() else qs


class QuestionnaireProvider(Provider):
    resource_type = "Questionnaire"
    model = Instrument
    category = None  # a definition, not data about a family
    search_params = (
        SearchParam("_id", "token", _by_questionnaire_id),
        SearchParam("url", "uri", _by_url, "the canonical URL, optionally with |version"),
        SearchParam(
            "version", "token", lambda qs, v: qs.filter(version=int(v)) if v.isdigit() else qs.none()
        ),
        SearchParam("name", "string", lambda qs, v: qs.filter(code__iexact=v.strip())),
        SearchParam(
            "code",
            "token",
            lambda qs, v: qs.filter(pk__in=[i.pk for i in qs if i.definition.get("loinc") == token(v)[1]]),
        ),
    )

    def queryset(self):
        return Instrument.objects.order_by("code", "version")

    def readable_by(self, actor) -> bool:
        return True

    def visible(self, actor, ctx):
        return self.queryset()

    def get(self, qs, resource_id: str):
        code, _, version = resource_id.rpartition("-")
        if not version.isdigit():
            raise Instrument.DoesNotExist(resource_id)
        return qs.get(code=code, version=int(version))

    def for_trajectories(self, trajectories):
        return Instrument.objects.none()  # a questionnaire says nothing about the family: not in $everything

    def export(self, trajectories, ctx):
        for instrument in self.queryset():
            yield self.to_fhir(instrument, ctx)

    def audit_target(self, obj):
        return {}

    def trajectories_of(self, objs):
        return []

    def resource_id(self, obj, ctx):
        return _questionnaire_id(obj)

    def to_fhir(self, x: Instrument, ctx: Context) -> dict:
        printed = _printed(x, ctx)
        by_key = {item["key"]: item for item in printed["items"]}
        items = []
        for item in printed["items"]:
            entry = {
                "linkId": item["key"],
                "prefix": f"{item['number']}.",
                "text": item["text"],
                "type": "choice",
                "required": not item["asked_if"],
                "answerOption": [
                    {
                        "extension": _ordinal(o["score"]),
                        "valueCoding": {
                            "system": answer_system(x.code),
                            "code": o["code"],
                            "display": o["text"],
                        },
                    }
                    for o in item["options"]
                ],
            }
            condition = item["asked_if"]
            if condition:
                entry["enableWhen"] = [
                    {
                        "question": key,
                        "operator": "=",
                        "answerCoding": {"system": answer_system(x.code), "code": o["code"]},
                    }
                    for key in condition["items"]
                    for o in by_key[key]["options"]
                    if o["score"] >= condition["points_at_least"]
                ]
                entry["enableBehavior"] = "any"
            items.append(entry)
        loinc = x.definition.get("loinc")
        return clean(
            {
                "resourceType": "Questionnaire",
                "id": _questionnaire_id(x),
                "meta": {"lastUpdated": x.loaded_at.isoformat()},
                "url": catalogue.canonical(x.code),
                "version": str(x.version),
                "name": x.code.capitalize(),
                "title": printed["name"],
                "status": "active" if x.active else "retired",
                "subjectType": ["Patient"],
                "description": printed["instructions"] or None,
                "copyright": printed["citation"] or None,
                "code": [s.coding(s.LOINC, loinc, EPDS_DISPLAY if x.code == "epds" else None)]
                if loinc
                else None,
                "item": items,
            }
        )


# --- QuestionnaireResponse -------------------------------------------------------------------------------
def _answered_items(x: Screening, printed: dict) -> list[dict]:
    """Each answered item in printed order, answered with the chosen answer's coding and score."""
    items = []
    for item in printed["items"]:
        position = (x.answers or {}).get(item["key"])
        if isinstance(position, bool) or not isinstance(position, int):
            continue
        if not 0 <= position < len(item["options"]):
            continue
        option = item["options"][position]
        items.append(
            {
                "linkId": item["key"],
                "text": item["text"],
                "answer": [{"valueCoding": _answer_coding(printed["key"], option)}],
            }
        )
    return items


class QuestionnaireResponseProvider(TrajectoryRowProvider):
    resource_type = "QuestionnaireResponse"
    model = Screening
    category = "psychosocial"
    search_params = (
        SearchParam("_id", "token", by_id),
        *person_reference_params("trajectory__pregnant_person__public_id", SearchParam),
        SearchParam(
            "authored",
            "date",
            lambda qs, v: qs.filter(date_filter("performed_at__date", v, param="authored")),
        ),
        SearchParam(
            "questionnaire",
            "reference",
            lambda qs, v: qs.filter(instrument__code=v.rsplit("/", 1)[-1].split("|")[0]),
        ),
    )

    def queryset(self):
        return Screening.objects.annotate(
            fhir_patient=F("trajectory__pregnant_person__public_id"),
            fhir_trajectory=F("trajectory__public_id"),
            fhir_professional=F("performed_by__public_id"),
            fhir_code=F("instrument__code"),
            fhir_version=F("instrument__version"),
        ).only(
            "pk",
            "public_id",
            "updated_at",
            "trajectory_id",
            "instrument_id",
            "answers",
            "score",
            "respondent",
            "performed_at",
        )

    def visible(self, actor, ctx):
        if not (actor.is_professional or actor.is_parent):
            return Screening.objects.none()
        return scope(actor, "psychosocial.view", self.queryset())

    def to_fhir(self, x: Screening, ctx: Context) -> dict:
        printed = _printed(_instrument(x.instrument_id, ctx), ctx)
        if x.respondent == "parent":
            author = ctx.ref("Patient", x.fhir_patient)
        else:
            author = ctx.ref("Practitioner", x.fhir_professional) if x.fhir_professional else None
        return clean(
            {
                "resourceType": "QuestionnaireResponse",
                "id": ctx.id("QuestionnaireResponse", x.public_id),
                "meta": meta(x),
                "extension": [
                    {"url": EXT_SCORE, "valueDecimal": float(x.score)},
                    {"url": EXT_RESPONDENT, "valueCode": x.respondent},
                    {"url": EXT_EPISODE, "valueReference": ctx.ref("EpisodeOfCare", x.fhir_trajectory)},
                ],
                "questionnaire": f"{QUESTIONNAIRE}/{x.fhir_code}|{x.fhir_version}",
                "status": "completed",
                "subject": ctx.ref("Patient", x.fhir_patient),
                "authored": x.performed_at.isoformat(),
                "author": author,
                "source": ctx.ref("Patient", x.fhir_patient) if x.respondent == "parent" else None,
                "item": _answered_items(x, printed),
            }
        )


# --- Observation: the EPDS total and item 10 -------------------------------------------------------------
TOTAL, SELF_HARM = "total", "item10"
KINDS = (TOTAL, SELF_HARM)


def _kinds_for(value: str) -> set[str]:
    """`code=[system|]code`: the LOINC codes of the total, or the item-10 code (its item or its flag)."""
    system, code = token(value)
    kinds = set()
    if system in (None, s.LOINC) and code in {"71354-5", "99046-5"}:
        kinds.add(TOTAL)
    if system in (None, item_system("epds"), CS_SCREENING_FLAG) and code in {
        SELF_HARM_ITEM,
        "epds_self_harm",
    }:
        kinds.add(SELF_HARM)
    return kinds


class ObservationProvider(TrajectoryRowProvider):
    """Two Observations per EPDS, derived from its QuestionnaireResponse: the total score (LOINC) and the
    answer to item 10, flagged as critical when it raised the same-day signal."""

    resource_type = "Observation"
    model = Screening
    category = "psychosocial"
    search_params = (
        *person_reference_params("trajectory__pregnant_person__public_id", SearchParam),
        SearchParam("code", "token", lambda qs, v: qs, "71354-5 (EPDS total) or epds_self_harm (item 10)"),
        SearchParam(
            "date", "date", lambda qs, v: qs.filter(date_filter("performed_at__date", v, param="date"))
        ),
    )
    responses = QuestionnaireResponseProvider()

    def queryset(self):
        return self.responses.queryset().filter(instrument__code="epds")

    def visible(self, actor, ctx):
        # Whoever in the team may read the response may read what is derived from it. The Observations carry
        # the team's reading of the answers (its flags), which parents do not get, not even on their own
        # EPDS (docs/adr/0012): they keep the response itself.
        if actor.is_parent:
            return self.queryset().none()
        return self.responses.visible(actor, ctx).filter(instrument__code="epds")

    def _rows(self, qs, kinds):
        parts = [
            qs.order_by().annotate(obs_kind=Value(kind, output_field=CharField()))
            for kind in KINDS
            if kind in kinds
        ]
        if not parts:
            return qs.none().annotate(obs_kind=Value(TOTAL, output_field=CharField())).order_by("pk")
        if len(parts) == 1:
            return parts[0].order_by("pk")
        return parts[0].union(*parts[1:], all=True).order_by("id", "obs_kind")

    def search(self, qs, params):
        kinds = set(KINDS)
        for value in params.get("code", []):
            kinds &= set().union(*(_kinds_for(v) for v in value.split(",")))
        return self._rows(super().search(qs, params), kinds)

    def get(self, qs, resource_id: str):
        raw, _, kind = resource_id.rpartition("-")
        if kind not in KINDS:
            raise Screening.DoesNotExist(resource_id)
        obj = qs.get(public_id=uuid_of(raw, field="id"))
        obj.obs_kind = kind
        return obj

    def for_trajectories(self, trajectories):
        return self._rows(self.queryset().filter(trajectory__in=trajectories.values("pk")), set(KINDS))

    def rows_for(self, actor, ctx, trajectories):
        # Two rows per response (a union), so the derived rows are built after the policy filtered them.
        return self._rows(
            self.visible(actor, ctx).filter(trajectory__in=trajectories.values("pk")), set(KINDS)
        )

    def to_fhir(self, x: Screening, ctx: Context) -> dict:
        instrument = _instrument(x.instrument_id, ctx)
        printed = _printed(instrument, ctx)
        resource = {
            "resourceType": "Observation",
            "id": ctx.id("Observation", f"{x.public_id}-{x.obs_kind}"),
            "meta": meta(x),
            "extension": [
                {"url": EXT_EPISODE, "valueReference": ctx.ref("EpisodeOfCare", x.fhir_trajectory)}
            ],
            "status": "final",
            "category": [s.concept(CS_OBSERVATION_CATEGORY, "survey", "Survey")],
            "subject": ctx.ref("Patient", x.fhir_patient),
            "effectiveDateTime": x.performed_at.isoformat(),
            "performer": [
                ctx.ref("Patient", x.fhir_patient)
                if x.respondent == "parent" or not x.fhir_professional
                else ctx.ref("Practitioner", x.fhir_professional)
            ],
            "derivedFrom": [ctx.ref("QuestionnaireResponse", x.public_id)],
        }
        definition = instrument.definition
        if x.obs_kind == TOTAL:
            raised = [
                rule["flag"]
                for rule in definition.get("total_flags", [])
                if float(x.score) >= float(rule["min"])
            ]
            resource["code"] = {
                "coding": [
                    s.coding(s.LOINC, code, EPDS_DISPLAY if code == "71354-5" else None)
                    for code in definition.get("total_loinc", ["71354-5"])
                ],
                "text": printed["name"],
            }
            resource["valueInteger"] = int(x.score)
            resource["interpretation"] = [
                s.concept(CS_SCREENING_FLAG, code, pick_label(definition["flags"][code]["label"]))
                for code in raised
            ] or [s.concept(CS_INTERPRETATION, "N", "Normal")]
            return clean(resource)
        item = next(i for i in printed["items"] if i["key"] == SELF_HARM_ITEM)
        position = (x.answers or {}).get(SELF_HARM_ITEM)
        option = item["options"][position]
        rule = next(r for r in definition.get("item_flags", []) if r["item"] == SELF_HARM_ITEM)
        flagged = option["score"] >= rule["min_points"]
        resource["code"] = {
            "coding": [s.coding(item_system("epds"), SELF_HARM_ITEM, item["text"])],
            "text": f"EPDS {item['number']}. {item['text']}",
        }
        resource["valueCodeableConcept"] = {
            "coding": [_answer_coding("epds", option)],
            "text": option["text"],
        }
        if flagged:
            label = pick_label(definition["flags"][rule["flag"]]["label"])
            resource["interpretation"] = [
                {
                    "coding": [
                        s.coding(CS_INTERPRETATION, "AA", "Critical abnormal"),
                        s.coding(CS_SCREENING_FLAG, rule["flag"], label),
                    ],
                    "text": label,
                }
            ]
        else:
            resource["interpretation"] = [s.concept(CS_INTERPRETATION, "N", "Normal")]
        return clean(resource)
