"""Bulk Data kick-off ($export), status polling and NDJSON downloads."""

import datetime as dt
import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from wieg.core.errors import InvalidInput

from . import export, tasks
from .models import BulkExportFile, BulkExportJob, ExportStatus
from .outcome import issue, outcome_response
from .providers import providers
from .systems import FHIR_NDJSON
from .views import fhir_view, not_found

NDJSON_FORMATS = {"application/fhir+ndjson", "application/ndjson", "ndjson"}


def _job(request, job_id):
    return BulkExportJob.objects.filter(public_id=job_id, user=request.user).first()


@fhir_view(methods=("GET", "POST"))
def kick_off(request):
    scope = export.scope_of(request.user)
    if scope is None:
        return not_found()
    if "respond-async" not in request.headers.get("Prefer", ""):
        return outcome_response(400, [issue("invalid", _("Een bulk export vraagt 'Prefer: respond-async'."))])
    output_format = request.GET.get("_outputFormat")
    if output_format and output_format not in NDJSON_FORMATS:
        raise InvalidInput(_("Alleen NDJSON wordt ondersteund."), field="_outputFormat")
    types = [t.strip() for t in ",".join(request.GET.getlist("_type")).split(",") if t.strip()]
    unknown = [t for t in types if providers.get(t) is None]
    if unknown:
        raise InvalidInput(_("Onbekend resourcetype: %(t)s.") % {"t": ", ".join(unknown)}, field="_type")
    since = None
    if request.GET.get("_since"):
        since = parse_datetime(request.GET["_since"].replace(" ", "+"))
        if since is None:
            raise InvalidInput(_("_since is een tijdstip (ISO 8601)."), field="_since")
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
    job = BulkExportJob.objects.create(
        user=request.user,
        request_url=request.build_absolute_uri()[:500],
        types=types,
        since=since,
        pseudonymised=not export.may_see_identities(request.user),
    )
    tasks.run_bulk_export.enqueue(str(job.public_id))
    location = request.build_absolute_uri(reverse("fhir:export_status", kwargs={"job_id": job.public_id}))
    return HttpResponse(status=202, headers={"Content-Location": location})


@fhir_view(methods=("GET", "DELETE"))
def status(request, job_id):
    job = _job(request, job_id)
    if job is None:
        return not_found()
    if request.method == "DELETE":
        if job.status in (ExportStatus.ACCEPTED, ExportStatus.IN_PROGRESS, ExportStatus.COMPLETED):
            job.status = ExportStatus.CANCELLED
            job.save(update_fields=["status"])
            job.files.all().delete()
            return HttpResponse(status=202)
        return not_found()
    if job.status in (ExportStatus.ACCEPTED, ExportStatus.IN_PROGRESS):
        return HttpResponse(
            status=202, headers={"X-Progress": job.progress or job.get_status_display(), "Retry-After": "5"}
        )
    if job.status == ExportStatus.FAILED:
        return outcome_response(500, [issue("exception", _("De export is mislukt."))])
    if job.status == ExportStatus.CANCELLED:
        return not_found()
    files = job.files.only("pk", "resource_type", "count")
    return _manifest(request, job, files)


def _manifest(request, job, files):
    """The completion manifest of the Bulk Data spec (plain JSON, not a FHIR resource)."""
    body = {
        "transactionTime": job.started_at.isoformat(),
        "request": job.request_url,
        "requiresAccessToken": True,
        "output": [
            {
                "type": f.resource_type,
                "count": f.count,
                "url": request.build_absolute_uri(
                    reverse("fhir:export_file", kwargs={"job_id": job.public_id, "file_id": f.pk})
                ),
            }
            for f in files
        ],
        "error": [],
    }
    return HttpResponse(json.dumps(body), content_type="application/json")


@fhir_view()
def download(request, job_id, file_id):
    job = _job(request, job_id)
    if job is None or job.status != ExportStatus.COMPLETED:
        return not_found()
    export_file = BulkExportFile.objects.filter(job=job, pk=file_id).first()
    if export_file is None:
        return not_found()
    return HttpResponse(export_file.content, content_type=FHIR_NDJSON)
