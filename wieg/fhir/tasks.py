"""Background work for the bulk export (django-tasks; the database backend in production)."""

from django_tasks import task

from . import export


@task()
def run_bulk_export(job_id: str) -> int:
    return export.run(job_id)
