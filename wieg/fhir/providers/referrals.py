"""ServiceRequest (a referral) and Task (its answer and progress at the receiving organisation).

Who may see a referral is decided by wieg.referrals (Referral.objects.visible_to): the sending team
through the care plan category, the receiving organisation while the family's consent for it lasts.
The flags a referral is based on are psychosocial: they are written only for a reader who may see that
category (the team with psychosocial access, or a receiver with psychosocial consent). Free text (reason,
decline and cancel reasons) is only written when identities are shown, never in a pseudonymised export.
"""

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Prefetch, Q, Value, When

from wieg.care.models import Consent, Trajectory
from wieg.care.policies import can, scope
from wieg.referrals.catalogue import service_label
from wieg.referrals.models import FHIR_TASK_STATUS, Referral, Status
from wieg.screening.models import Flag

from .. import systems as s
from ..context import Context
from ..registry import SearchParam, TrajectoryRowProvider
from .common import by_id, clean, date_filter, instant, meta, period, token, uuid_of
from .directory import role_id

CS_SERVICE = f"{s.BASE}/CodeSystem/referral-service"
CS_REFERRAL_STATUS = f"{s.BASE}/CodeSystem/referral-status"
CS_FLAG = f"{s.BASE}/CodeSystem/screening-flag"
CS_TASK_STATUS_REASON = f"{s.BASE}/CodeSystem/referral-status-reason"
EXT_EPISODE = "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare"
UCUM = "http://unitsofmeasure.org"

# ServiceRequest.priority for our urgency.
PRIORITY = {"routine": "routine", "soon": "urgent", "urgent": "asap"}
# ServiceRequest.status: the request stays active while the receiver handles it; a declined or cancelled
# referral no longer stands (a new referral, with `replaces`, is made to another organisation).
REQUEST_STATUS = {
    Status.WAITING_FOR_CONSENT: "draft",
    Status.SENT: "active",
    Status.ACCEPTED: "active",
    Status.IN_PROGRESS: "active",
    Status.COMPLETED: "completed",
    Status.DECLINED: "revoked",
    Status.CANCELLED: "revoked",
}
TASK_STATUS = {str(ours): theirs for ours, theirs in FHIR_TASK_STATUS.items()}


def _statuses(mapping: dict, value: str) -> list[str]:
    wanted = {token(v)[1] for v in value.split(",")}
    return [str(ours) for ours, theirs in mapping.items() if theirs in wanted]


def _patient(name):
    return lambda qs, v: qs.filter(trajectory__pregnant_person__public_id=uuid_of(v, field=name))


def _episode(qs, v):
    return qs.filter(trajectory__public_id=uuid_of(v, field="episode-of-care"))


def _flags_prefetch():
    return Prefetch(
        "flags",
        queryset=Flag.objects.select_related("screening__instrument").order_by("raised_at", "pk"),
        to_attr="fhir_flags",
    )


class _ReferralProvider(TrajectoryRowProvider):
    """What both resources share: the rows, the access policy and the access log."""

    model = Referral
    # The referrals app records reads of a referral under the care plan category; $everything includes
    # referrals for readers of that category (the sending team), like CarePlan and Encounter.
    category = "care_plan"

    def queryset(self):
        return Referral.objects.annotate(
            fhir_patient=F("trajectory__pregnant_person__public_id"),
            fhir_trajectory=F("trajectory__public_id"),
            fhir_from_professional=F("from_professional__public_id"),
            fhir_from_organisation=F("from_organisation__public_id"),
            fhir_to_organisation=F("to_organisation__public_id"),
            fhir_previous=F("previous__public_id"),
        )

    def readable_by(self, actor) -> bool:
        # Referrals are between professionals: visible_to() gives parents and systems nothing.
        return actor.is_professional

    def visible(self, actor, ctx):
        if not actor.is_professional:
            return Referral.objects.none()
        return self.queryset().filter(pk__in=Referral.objects.visible_to(actor).values("pk"))


class ServiceRequestProvider(_ReferralProvider):
    resource_type = "ServiceRequest"
    search_params = (
        SearchParam("_id", "token", by_id),
        SearchParam("patient", "reference", _patient("patient")),
        SearchParam("subject", "reference", _patient("subject")),
        SearchParam("episode-of-care", "reference", _episode),
        SearchParam("status", "token", lambda qs, v: qs.filter(status__in=_statuses(REQUEST_STATUS, v))),
        SearchParam(
            "priority",
            "token",
            lambda qs, v: qs.filter(urgency__in=_statuses(PRIORITY, v)),
        ),
        SearchParam(
            "code",
            "token",
            lambda qs, v: qs.filter(service__in=[token(c)[1] for c in v.split(",")]),
        ),
        SearchParam(
            "performer",
            "reference",
            lambda qs, v: qs.filter(to_organisation__public_id=uuid_of(v, field="performer")),
        ),
        SearchParam(
            "authored",
            "date",
            lambda qs, v: qs.filter(date_filter("created_at__date", v, param="authored")),
        ),
    )

    def queryset(self):
        return super().queryset().prefetch_related(_flags_prefetch())

    def visible(self, actor, ctx):
        if not actor.is_professional:
            return Referral.objects.none()
        # Whether this reader may see the linked flags, in the same query: the team through the
        # psychosocial category, the receiver through the family's psychosocial consent for it.
        psychosocial = Consent.objects.active().filter(
            trajectory=OuterRef("trajectory"), organisation=OuterRef("to_organisation"), psychosocial=True
        )
        team = scope(actor, "psychosocial.view", Trajectory.objects.all()).values("pk")
        receiver = Q(to_organisation_id__in=list(actor.organisation_ids)) & Q(Exists(psychosocial))
        return (
            self.queryset()
            .filter(pk__in=Referral.objects.visible_to(actor).values("pk"))
            .annotate(
                fhir_flags_visible=Case(
                    When(Q(trajectory__in=team) | receiver, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
        )

    def _flags_visible(self, r: Referral, ctx: Context) -> bool:
        known = getattr(r, "fhir_flags_visible", None)
        if known is not None:
            return known
        # Bulk export: decided once per trajectory for this reader, through the policy (a system account
        # acting for an organisation sees them where the family's psychosocial consent covers it).
        cache = ctx.extras.setdefault("psychosocial_trajectories", {})
        if r.trajectory_id not in cache:
            cache[r.trajectory_id] = ctx.actor is not None and can(
                ctx.actor, "psychosocial.view", Trajectory.objects.get(pk=r.trajectory_id)
            )
        return cache[r.trajectory_id]

    def to_fhir(self, r: Referral, ctx: Context) -> dict:
        flags = r.fhir_flags if self._flags_visible(r, ctx) else []
        label = service_label(r.service)
        extension = [{"url": EXT_EPISODE, "valueReference": ctx.ref("EpisodeOfCare", r.fhir_trajectory)}]
        return clean(
            {
                "resourceType": "ServiceRequest",
                "id": ctx.id("ServiceRequest", r.public_id),
                "meta": meta(r),
                "extension": extension,
                "replaces": [ctx.ref("ServiceRequest", r.fhir_previous)] if r.fhir_previous else None,
                "status": REQUEST_STATUS[r.status],
                "intent": "order",
                "priority": PRIORITY.get(r.urgency, "routine"),
                "code": {"coding": [s.coding(CS_SERVICE, r.service, label)], "text": str(label)},
                # Maternity home care: the number of hours asked for and from when.
                "quantityQuantity": {"value": r.requested_hours, "unit": "h", "system": UCUM, "code": "h"}
                if r.requested_hours
                else None,
                "occurrencePeriod": period(r.requested_start),
                "subject": ctx.ref("Patient", r.fhir_patient),
                "authoredOn": instant(r.sent_at or r.created_at),
                "requester": ctx.ref(
                    "PractitionerRole", role_id(r.fhir_from_professional, r.fhir_from_organisation)
                ),
                "performer": [ctx.ref("Organization", r.fhir_to_organisation)],
                "reasonCode": [
                    {"coding": [s.coding(CS_FLAG, f.code, _flag_label(f))], "text": _flag_label(f)}
                    for f in flags
                ],
                "supportingInfo": [
                    ctx.ref("QuestionnaireResponse", sid)
                    for sid in dict.fromkeys(f.screening.public_id for f in flags)
                ],
                "note": [{"text": r.reason}] if ctx.identities and r.reason else None,
            }
        )


def _flag_label(flag: Flag) -> str:
    try:
        return str(flag.screening.instrument.flag_label(flag.code))
    except (KeyError, TypeError):
        return flag.code


class TaskProvider(_ReferralProvider):
    """One Task per referral, sharing the referral's id: its answer and progress at the receiver."""

    resource_type = "Task"
    search_params = (
        SearchParam("_id", "token", by_id),
        SearchParam("patient", "reference", _patient("patient")),
        SearchParam("subject", "reference", _patient("subject")),
        SearchParam("episode-of-care", "reference", _episode),
        SearchParam("focus", "reference", lambda qs, v: qs.filter(public_id=uuid_of(v, field="focus"))),
        SearchParam("status", "token", lambda qs, v: qs.filter(status__in=_statuses(TASK_STATUS, v))),
        SearchParam(
            "owner",
            "reference",
            lambda qs, v: qs.filter(to_organisation__public_id=uuid_of(v, field="owner")),
        ),
    )

    def to_fhir(self, r: Referral, ctx: Context) -> dict:
        reason = None
        if r.status == Status.DECLINED:
            reason = {"coding": [s.coding(CS_TASK_STATUS_REASON, "declined")]}
            if ctx.identities and r.decline_reason:
                reason["text"] = r.decline_reason
        elif r.status == Status.CANCELLED:
            reason = {"coding": [s.coding(CS_TASK_STATUS_REASON, "cancelled")]}
            if ctx.identities and r.cancel_reason:
                reason["text"] = r.cancel_reason
        elif r.status == Status.WAITING_FOR_CONSENT:
            reason = {"coding": [s.coding(CS_TASK_STATUS_REASON, "waiting_for_consent")]}
        return clean(
            {
                "resourceType": "Task",
                "id": ctx.id("Task", r.public_id),
                "meta": meta(r),
                "extension": [
                    {"url": EXT_EPISODE, "valueReference": ctx.ref("EpisodeOfCare", r.fhir_trajectory)}
                ],
                "basedOn": [ctx.ref("ServiceRequest", r.public_id)],
                "status": TASK_STATUS[r.status],
                "statusReason": reason,
                "businessStatus": s.concept(CS_REFERRAL_STATUS, r.status),
                "intent": "order",
                "priority": PRIORITY.get(r.urgency, "routine"),
                "focus": ctx.ref("ServiceRequest", r.public_id),
                "for": ctx.ref("Patient", r.fhir_patient),
                "authoredOn": instant(r.sent_at or r.created_at),
                "lastModified": instant(r.updated_at),
                "executionPeriod": period(r.started_at, r.completed_at),
                "requester": ctx.ref(
                    "PractitionerRole", role_id(r.fhir_from_professional, r.fhir_from_organisation)
                ),
                "owner": ctx.ref("Organization", r.fhir_to_organisation),
            }
        )
