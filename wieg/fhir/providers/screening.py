"""QuestionnaireResponse: a screening (EPDS and others), psychosocial information.

The answers are the positions chosen in the printed order of the versioned instrument; the licensed item
texts are not repeated here (the Questionnaire canonical URL names the instrument and its version).
"""

from django.db.models import F

from wieg.care.policies import scope
from wieg.screening.models import Screening

from .. import systems as s
from ..context import Context
from ..registry import SearchParam, TrajectoryRowProvider
from .common import by_id, clean, date_filter, meta, person_reference_params

QUESTIONNAIRE = f"{s.BASE}/Questionnaire"
EXT_SCORE = f"{s.BASE}/StructureDefinition/screening-score"
EXT_RESPONDENT = f"{s.BASE}/StructureDefinition/respondent"


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
            "pk", "public_id", "updated_at", "trajectory_id", "answers", "score", "respondent", "performed_at"
        )

    def visible(self, actor, ctx):
        if not (actor.is_professional or actor.is_parent):
            return Screening.objects.none()
        return scope(actor, "psychosocial.view", self.queryset())

    def to_fhir(self, x: Screening, ctx: Context) -> dict:
        items = [
            {"linkId": str(key), "answer": [{"valueInteger": int(value)}]}
            for key, value in sorted((x.answers or {}).items())
            if isinstance(value, int | float) and not isinstance(value, bool)
        ]
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
                    {
                        "url": "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare",
                        "valueReference": ctx.ref("EpisodeOfCare", x.fhir_trajectory),
                    },
                ],
                "questionnaire": f"{QUESTIONNAIRE}/{x.fhir_code}|{x.fhir_version}",
                "status": "completed",
                "subject": ctx.ref("Patient", x.fhir_patient),
                "authored": x.performed_at.isoformat(),
                "author": author,
                "item": items,
            }
        )
