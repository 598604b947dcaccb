"""EpisodeOfCare (the trajectory), CareTeam (its team) and Consent."""

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Subquery, Value

from wieg.care.models import CareTeamMember, Consent, CoordinatorAssignment, Trajectory
from wieg.care.policies import scope, trajectory_condition

from .. import systems as s
from ..context import Context
from ..registry import SearchParam, TrajectoryProvider, TrajectoryRowProvider
from .common import by_id, clean, date_filter, instant, meta, period, person_reference_params, token, uuid_of

STATUS = {"active": "active", "closed": "finished"}
STATUS_BACK = {v: k for k, v in STATUS.items()}


def _coordinator_annotations():
    latest = CoordinatorAssignment.objects.filter(trajectory=OuterRef("pk")).order_by("-start", "-pk")
    return {
        "fhir_coordinator": Subquery(latest.values("professional__public_id")[:1]),
        "fhir_organisation": Subquery(latest.values("organisation__public_id")[:1]),
    }


def _trajectories_visible(actor, category="contact"):
    if not (actor.is_professional or actor.is_parent):
        return Trajectory.objects.none()
    return scope(actor, f"{category}.view", Trajectory.objects.all()).annotate(
        fhir_medical=ExpressionWrapper(
            trajectory_condition(actor, "medical.view"), output_field=BooleanField()
        )
    )


def _status(qs, value):
    codes = [STATUS_BACK.get(token(v)[1], "-") for v in value.split(",")]
    return qs.filter(status__in=codes)


class EpisodeOfCareProvider(TrajectoryProvider):
    resource_type = "EpisodeOfCare"
    model = Trajectory
    category = "contact"
    search_params = (
        SearchParam("_id", "token", by_id),
        SearchParam(
            "patient",
            "reference",
            lambda qs, v: qs.filter(pregnant_person__public_id=uuid_of(v, field="patient")),
        ),
        SearchParam("status", "token", _status),
        SearchParam(
            "organization",
            "reference",
            lambda qs, v: qs.filter(
                coordinator_assignments__end__isnull=True,
                coordinator_assignments__organisation__public_id=uuid_of(v, field="organization"),
            ),
        ),
        SearchParam(
            "care-manager",
            "reference",
            lambda qs, v: qs.filter(
                coordinator_assignments__end__isnull=True,
                coordinator_assignments__professional__public_id=uuid_of(v, field="care-manager"),
            ),
        ),
        SearchParam("date", "date", lambda qs, v: qs.filter(date_filter("start_date", v, param="date"))),
    )

    def queryset(self):
        return (
            _episode_columns(Trajectory.objects.all())
            .annotate(**_coordinator_annotations())
            .annotate(fhir_medical=Value(True, output_field=BooleanField()))
        )

    def visible(self, actor, ctx):
        return _episode_columns(_trajectories_visible(actor)).annotate(**_coordinator_annotations())

    def export(self, trajectories, ctx):
        qs = self.for_trajectories(trajectories)
        medical = ctx.extras.get("medical_trajectories")
        if medical is not None:
            # Medical details only where the export may show the medical category.
            qs = qs.annotate(fhir_medical=Exists(medical.filter(pk=OuterRef("pk"))))
        for t in qs.iterator(chunk_size=self.export_chunk):
            yield self.to_fhir(t, ctx)

    def to_fhir(self, t: Trajectory, ctx: Context) -> dict:
        ext = [
            {"url": s.EXT_DUE_DATE, "valueDate": t.due_date.isoformat()},
            {"url": s.EXT_PARITY, "valueCode": t.parity},
            {"url": s.EXT_PLURALITY, "valuePositiveInt": t.plurality},
            {"url": s.EXT_RISK_LEVEL, "valueCode": t.risk_level},
            {"url": s.EXT_PLANNED_END, "valueDate": t.end_date.isoformat()},
        ]
        if t.birth_date:
            ext.append({"url": s.EXT_BIRTH_DATE, "valueDate": ctx.birth_date(t.birth_date)})
        if t.child_id:
            ext.append({"url": s.EXT_CHILD, "valueReference": ctx.ref("Patient", t.fhir_child)})
        if t.child_id and t.plurality > 1:
            # Twins and more: every further child, in birth order (one query, only for multiple births).
            for public_id in t.children.filter(number__gt=1).values_list("person__public_id", flat=True):
                ext.append({"url": s.EXT_CHILD, "valueReference": ctx.ref("Patient", public_id)})
        if ctx.extras.get("medical", getattr(t, "fhir_medical", False)):
            if t.gestational_age_weeks is not None:
                ext.append({"url": s.EXT_GESTATIONAL_AGE, "valueUnsignedInt": t.gestational_age_weeks})
            if t.birth_date:
                ext.append({"url": s.EXT_NICU, "valueBoolean": t.nicu_admission})
            if t.nicu_admission_date:
                # Dates near the birth: reduced to the month in pseudonymised exports, like the birth date.
                stay = {"start": ctx.birth_date(t.nicu_admission_date)}
                if t.nicu_discharge_date:
                    stay["end"] = ctx.birth_date(t.nicu_discharge_date)
                ext.append({"url": s.EXT_NICU_STAY, "valuePeriod": stay})
        if t.closed_reason:
            ext.append({"url": s.EXT_CLOSED_REASON, "valueCode": t.closed_reason})
        resource = {
            "resourceType": "EpisodeOfCare",
            "id": ctx.id("EpisodeOfCare", t.public_id),
            "meta": meta(t),
            "extension": ext,
            "status": STATUS[t.status],
            "type": [s.concept(s.CS_EPISODE_TYPE, "first-1000-days", "De eerste 1000 dagen")],
            "patient": ctx.ref("Patient", t.fhir_patient),
            "managingOrganization": ctx.ref("Organization", t.fhir_organisation)
            if t.fhir_organisation
            else None,
            "period": period(t.start_date, t.closed_on),
            "careManager": ctx.ref("Practitioner", t.fhir_coordinator) if t.fhir_coordinator else None,
            "team": [ctx.ref("CareTeam", t.public_id)],
        }
        return clean(resource)


EPISODE_FIELDS = (
    "pk",
    "public_id",
    "updated_at",
    "family_id",
    "status",
    "closed_reason",
    "closed_on",
    "due_date",
    "parity",
    "plurality",
    "risk_level",
    "start_date",
    "end_date",
    "birth_date",
    "child_id",
    "gestational_age_weeks",
    "nicu_admission",
    "nicu_admission_date",
    "nicu_discharge_date",
)


def _episode_columns(qs):
    return qs.annotate(fhir_patient=F("pregnant_person__public_id"), fhir_child=F("child__public_id")).only(
        *EPISODE_FIELDS
    )


def _team_prefetch():
    return Prefetch(
        "team",
        queryset=CareTeamMember.objects.annotate(
            fhir_professional=F("professional__public_id"), fhir_organisation=F("organisation__public_id")
        )
        .only("pk", "trajectory_id", "role", "start", "end")
        .order_by("start", "pk"),
        to_attr="fhir_team",
    )


class CareTeamProvider(TrajectoryProvider):
    """One CareTeam per trajectory; it shares the trajectory's id."""

    resource_type = "CareTeam"
    model = Trajectory
    category = "contact"
    search_params = (
        SearchParam("_id", "token", by_id),
        *person_reference_params("pregnant_person__public_id", SearchParam),
        SearchParam(
            "status",
            "token",
            lambda qs, v: qs.filter(status={"active": "active", "inactive": "closed"}.get(token(v)[1], "-")),
        ),
        SearchParam(
            "participant",
            "reference",
            lambda qs, v: qs.filter(team__professional__public_id=uuid_of(v, field="participant")).distinct(),
        ),
    )

    def queryset(self):
        return (
            Trajectory.objects.annotate(fhir_patient=F("pregnant_person__public_id"))
            .annotate(**_coordinator_annotations())
            .prefetch_related(_team_prefetch())
        )

    def visible(self, actor, ctx):
        return (
            _trajectories_visible(actor)
            .annotate(fhir_patient=F("pregnant_person__public_id"))
            .annotate(**_coordinator_annotations())
            .prefetch_related(_team_prefetch())
        )

    def to_fhir(self, t: Trajectory, ctx: Context) -> dict:
        participants = []
        for m in t.fhir_team:
            participants.append(
                clean(
                    {
                        "role": [s.concept(s.CS_TEAM_ROLE, m.role)],
                        "member": ctx.ref("Practitioner", m.fhir_professional),
                        "onBehalfOf": ctx.ref("Organization", m.fhir_organisation),
                        "period": period(m.start, m.end),
                    }
                )
            )
        return clean(
            {
                "resourceType": "CareTeam",
                "id": ctx.id("CareTeam", t.public_id),
                "meta": meta(t),
                "status": "active" if t.status == "active" else "inactive",
                "subject": ctx.ref("Patient", t.fhir_patient),
                "period": period(t.start_date, t.closed_on),
                "participant": participants,
                "managingOrganization": [ctx.ref("Organization", t.fhir_organisation)]
                if t.fhir_organisation
                else None,
            }
        )


def _consent_status(qs, value):
    code = token(value)[1]
    if code == "active":
        return qs.filter(withdrawn_at__isnull=True)
    if code == "inactive":
        return qs.filter(withdrawn_at__isnull=False)
    return qs.none()


class ConsentProvider(TrajectoryRowProvider):
    resource_type = "Consent"
    model = Consent
    category = "contact"
    search_params = (
        SearchParam("_id", "token", by_id),
        SearchParam(
            "patient",
            "reference",
            lambda qs, v: qs.filter(trajectory__pregnant_person__public_id=uuid_of(v, field="patient")),
        ),
        SearchParam("status", "token", _consent_status),
        SearchParam(
            "data", "reference", lambda qs, v: qs.filter(trajectory__public_id=uuid_of(v, field="data"))
        ),
        SearchParam(
            "actor",
            "reference",
            lambda qs, v: (
                qs.filter(organisation__public_id=uuid_of(v, field="actor"))
                | qs.filter(professional__public_id=uuid_of(v, field="actor"))
            ),
        ),
    )

    def queryset(self):
        return Consent.objects.annotate(
            fhir_patient=F("trajectory__pregnant_person__public_id"),
            fhir_trajectory=F("trajectory__public_id"),
            fhir_organisation=F("organisation__public_id"),
            fhir_professional=F("professional__public_id"),
        ).order_by("given_at", "pk")

    def visible(self, actor, ctx):
        if not (actor.is_professional or actor.is_parent):
            return Consent.objects.none()
        return scope(actor, "contact.view", self.queryset())

    def to_fhir(self, c: Consent, ctx: Context) -> dict:
        if c.organisation_id:
            subject = ctx.ref("Organization", c.fhir_organisation)
        else:
            subject = ctx.ref("Practitioner", c.fhir_professional)
        return clean(
            {
                "resourceType": "Consent",
                "id": ctx.id("Consent", c.public_id),
                "extension": [{"url": s.EXT_RECORDED_VIA, "valueCode": c.recorded_via}],
                "status": "active" if c.withdrawn_at is None else "inactive",
                "scope": s.concept(s.CONSENT_SCOPE, "patient-privacy"),
                "category": [s.concept(s.LOINC, "59284-0", "Patient Consent")],
                "patient": ctx.ref("Patient", c.fhir_patient),
                "dateTime": instant(c.given_at),
                "policyRule": s.concept(s.V3_ACT_CODE, "OPTIN"),
                "provision": clean(
                    {
                        "type": "permit",
                        "period": period(c.given_at, c.withdrawn_at),
                        "actor": [{"role": s.concept(s.V3_PARTICIPATION, "IRCP"), "reference": subject}],
                        "action": [s.concept(s.CONSENT_ACTION, "access")],
                        "code": [s.concept(s.CS_CATEGORY, category) for category in c.categories],
                        "data": [
                            {"meaning": "related", "reference": ctx.ref("EpisodeOfCare", c.fhir_trajectory)}
                        ],
                    }
                ),
            }
        )
