"""CarePlan (a trajectory's plan, one activity per plan item) and Encounter (a contact that took place).

Both are care plan information: the policy's "care_plan" category guards them. Contact notes are never
written to FHIR: they are per-category free text and stay in Wieg.
"""

from django.db.models import F, Prefetch

from wieg.care.models import Trajectory
from wieg.care.policies import scope
from wieg.pathways.models import Contact, PlanItem

from .. import systems as s
from ..context import Context
from ..registry import SearchParam, TrajectoryProvider, TrajectoryRowProvider
from .common import by_id, clean, date_filter, meta, period, person_reference_params, token, uuid_of

CS_PLAN_ITEM = f"{s.BASE}/CodeSystem/plan-item"
CS_PLAN_ITEM_KIND = f"{s.BASE}/CodeSystem/plan-item-kind"
CS_CONTACT_KIND = f"{s.BASE}/CodeSystem/contact-kind"
V3_ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ACTIVITY_KIND = {
    "contact": "Appointment",
    "home_visit": "Appointment",
    "ultrasound": "ServiceRequest",
    "test": "ServiceRequest",
}
# Before enrolment: whether it happened before the family came into care is not known; missed: the team
# acknowledged it will not happen.
ACTIVITY_STATUS = {
    "planned": "scheduled",
    "done": "completed",
    "cancelled": "cancelled",
    "before_enrolment": "unknown",
    "missed": "cancelled",
}
# Encounter.class: where the contact took place (v3 ActEncounterCode)
ENCOUNTER_CLASS = {"consultation": "AMB", "home_visit": "HH", "phone": "VR", "video": "VR", "group": "AMB"}


def _visible_trajectories(actor):
    if not (actor.is_professional or actor.is_parent):
        return Trajectory.objects.none()
    return scope(actor, "care_plan.view", Trajectory.objects.all())


def _items_prefetch():
    return Prefetch(
        "plan_items",
        queryset=PlanItem.objects.annotate(fhir_owner=F("owner__public_id"))
        .only(
            "pk", "trajectory_id", "code", "kind", "labels", "window_start", "window_end", "status", "done_on"
        )
        .order_by("window_start", "window_end", "pk"),
        to_attr="fhir_items",
    )


class CarePlanProvider(TrajectoryProvider):
    """One CarePlan per trajectory; it shares the trajectory's id."""

    resource_type = "CarePlan"
    model = Trajectory
    category = "care_plan"
    search_params = (
        SearchParam("_id", "token", by_id),
        *person_reference_params("pregnant_person__public_id", SearchParam),
        SearchParam(
            "status",
            "token",
            lambda qs, v: qs.filter(status={"active": "active", "completed": "closed"}.get(token(v)[1], "-")),
        ),
    )

    def _columns(self, qs):
        return qs.annotate(fhir_patient=F("pregnant_person__public_id")).prefetch_related(_items_prefetch())

    def queryset(self):
        return self._columns(Trajectory.objects.all())

    def visible(self, actor, ctx):
        return self._columns(_visible_trajectories(actor))

    def to_fhir(self, t: Trajectory, ctx: Context) -> dict:
        activities = []
        for item in t.fhir_items:
            activities.append(
                {
                    "detail": clean(
                        {
                            "kind": ACTIVITY_KIND.get(item.kind),
                            "code": {
                                "coding": [s.coding(CS_PLAN_ITEM, item.code, item.title)],
                                "text": item.title,
                            },
                            "status": ACTIVITY_STATUS.get(item.status, "unknown"),
                            "scheduledPeriod": period(item.window_start, item.window_end),
                            "performer": [ctx.ref("Practitioner", item.fhir_owner)]
                            if item.fhir_owner
                            else None,
                            "extension": [
                                {
                                    "url": f"{s.BASE}/StructureDefinition/plan-item-kind",
                                    "valueCode": item.kind,
                                }
                            ]
                            + (
                                [
                                    {
                                        "url": f"{s.BASE}/StructureDefinition/done-on",
                                        "valueDate": item.done_on.isoformat(),
                                    }
                                ]
                                if item.done_on
                                else []
                            ),
                        }
                    )
                }
            )
        return clean(
            {
                "resourceType": "CarePlan",
                "id": ctx.id("CarePlan", t.public_id),
                "meta": meta(t),
                "status": "active" if t.status == "active" else "completed",
                "intent": "plan",
                "title": "Zorgplan eerste 1000 dagen",
                "subject": ctx.ref("Patient", t.fhir_patient),
                "period": period(t.start_date, t.closed_on or t.end_date),
                "careTeam": [ctx.ref("CareTeam", t.public_id)],
                "activity": activities,
            }
        )


class EncounterProvider(TrajectoryRowProvider):
    resource_type = "Encounter"
    model = Contact
    category = "care_plan"
    search_params = (
        SearchParam("_id", "token", by_id),
        SearchParam(
            "patient",
            "reference",
            lambda qs, v: qs.filter(trajectory__pregnant_person__public_id=uuid_of(v, field="patient")),
        ),
        SearchParam(
            "episode-of-care",
            "reference",
            lambda qs, v: qs.filter(trajectory__public_id=uuid_of(v, field="episode-of-care")),
        ),
        SearchParam("date", "date", lambda qs, v: qs.filter(date_filter("date", v, param="date"))),
        SearchParam(
            "practitioner",
            "reference",
            lambda qs, v: qs.filter(professional__public_id=uuid_of(v, field="practitioner")),
        ),
    )

    def queryset(self):
        return Contact.objects.annotate(
            fhir_patient=F("trajectory__pregnant_person__public_id"),
            fhir_trajectory=F("trajectory__public_id"),
            fhir_professional=F("professional__public_id"),
            fhir_organisation=F("organisation__public_id"),
        ).only("pk", "public_id", "updated_at", "trajectory_id", "date", "kind", "location")

    def visible(self, actor, ctx):
        if not (actor.is_professional or actor.is_parent):
            return Contact.objects.none()
        return scope(actor, "care_plan.view", self.queryset())

    def to_fhir(self, c: Contact, ctx: Context) -> dict:
        return clean(
            {
                "resourceType": "Encounter",
                "id": ctx.id("Encounter", c.public_id),
                "meta": meta(c),
                "status": "finished",
                "class": s.coding(V3_ACT, ENCOUNTER_CLASS.get(c.kind, "AMB")),
                "type": [s.concept(CS_CONTACT_KIND, c.kind)],
                "subject": ctx.ref("Patient", c.fhir_patient),
                "episodeOfCare": [ctx.ref("EpisodeOfCare", c.fhir_trajectory)],
                "participant": [{"individual": ctx.ref("Practitioner", c.fhir_professional)}]
                if c.fhir_professional
                else None,
                "period": {"start": c.date.isoformat(), "end": c.date.isoformat()},
                "serviceProvider": ctx.ref("Organization", c.fhir_organisation)
                if c.fhir_organisation
                else None,
            }
        )
