"""FHIR Bulk Data export: every resource of the account's scope as NDJSON, one set of files per type.

Pseudonymised unless the account has the permission `fhir.export_identities`: no names, no national
numbers, birth dates reduced to the month, and ids replaced by stable pseudonyms (an HMAC per account).
A scope of organisations exports, type by type, what those organisations may see at the moment of the
export through the access policy: each resource type only for the trajectories whose consent covers its
category, nothing after a withdrawal, nothing through an excluded professional. Every exported
trajectory leaves an AccessEvent (action "export", naming the organisation), written in bulk.
"""

import json
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wieg.accounts.actor import Actor
from wieg.care import audit

from .context import Context, pseudonym_key
from .models import BulkExportFile, BulkExportJob, ExportStatus, SystemScope
from .outcome import validate
from .providers import providers

logger = logging.getLogger(__name__)

AUDIT_CHUNK = 5000


def file_lines() -> int:
    return getattr(settings, "FHIR_EXPORT_FILE_LINES", 20000)


def validate_export() -> bool:
    return getattr(settings, "FHIR_VALIDATE_EXPORT", True)


def scope_of(user):
    scope = SystemScope.objects.filter(user=user, active=True).first()
    if scope is None or user.kind != "system" or not user.is_active:
        return None
    return scope


def may_see_identities(user) -> bool:
    return user.has_perm("fhir.export_identities")


def export_actor(user, scope) -> Actor:
    """The system account acting for the organisations of its scope: the policy decides what it sees, and
    the access log names the organisation when there is one."""
    organisation_ids = scope.organisation_ids()
    return Actor(
        user=user,
        kind="system",
        organisation_id=next(iter(organisation_ids)) if len(organisation_ids) == 1 else None,
        organisation_ids=organisation_ids,
        channel="fhir",
    )


def _audit(actor, trajectories):
    batch = []
    for t in (
        trajectories.only("pk", "public_id", "family_id").order_by("pk").iterator(chunk_size=AUDIT_CHUNK)
    ):
        batch.append(t)
        if len(batch) >= AUDIT_CHUNK:
            audit.record_many(actor, "export", batch, category="contact", detail="FHIR bulk export")
            batch = []
    if batch:
        audit.record_many(actor, "export", batch, category="contact", detail="FHIR bulk export")


def _flush(job, resource_type: str, lines: list[str]) -> int:
    count = len(lines)
    if count:
        BulkExportFile.objects.create(
            job=job, resource_type=resource_type, count=count, content="\n".join(lines) + "\n"
        )
        lines.clear()
    return count


def write(job: BulkExportJob, trajectories, ctx: Context, on_progress=None, *, by_category=None) -> int:
    """Writes the NDJSON files of `job`; returns the number of resources. `by_category(category)` gives
    the trajectories whose information of that category may be exported (default: all `trajectories`)."""
    check = validate_export()
    limit = file_lines()
    total = 0
    if by_category is not None:
        ctx.extras["medical_trajectories"] = by_category("medical")
    for provider in providers.exportable(job.types or None):
        lines: list[str] = []
        rows_of = by_category(provider.category or "contact") if by_category else trajectories
        for resource in provider.export(rows_of, ctx):
            if check:
                validate(resource)
            lines.append(json.dumps(resource, ensure_ascii=False, separators=(",", ":")))
            if len(lines) >= limit:
                total += _flush(job, provider.resource_type, lines)
        total += _flush(job, provider.resource_type, lines)
        BulkExportJob.objects.filter(pk=job.pk).update(progress=f"{provider.resource_type}: {total}")
        if on_progress:
            on_progress(provider.resource_type, total)
    return total


def run(job_id) -> int:
    job = BulkExportJob.objects.select_related("user").get(public_id=job_id)
    if job.status != ExportStatus.ACCEPTED:
        return job.resource_count
    scope = scope_of(job.user)
    job.status, job.started_at = ExportStatus.IN_PROGRESS, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        if scope is None:
            raise PermissionError("no export scope")
        actor = export_actor(job.user, scope)

        def by_category(category):
            trajectories = scope.trajectories(category)
            return trajectories.filter(updated_at__gte=job.since) if job.since else trajectories

        ctx = Context(actor=actor, pseudonymise=job.pseudonymised, key=pseudonym_key(job.user.pk))
        with transaction.atomic():
            # Consent is read at this moment, inside the transaction that writes the files and the log.
            trajectories = by_category("contact")
            # A regional scope exports every category of its families; organisations, what they may see.
            per_category = by_category if actor.organisation_ids else None
            total = write(job, trajectories, ctx, by_category=per_category)
            _audit(actor, trajectories)
    except Exception as exc:  # noqa: BLE001 - a failed export is reported on its status URL
        logger.exception("bulk export %s failed", job.public_id)
        BulkExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, finished_at=timezone.now(), error=type(exc).__name__
        )
        return 0
    BulkExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.COMPLETED, finished_at=timezone.now(), resource_count=total, progress=""
    )
    return total
