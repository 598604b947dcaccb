from django.urls import path

from . import export_views, views

app_name = "fhir"

urlpatterns = [
    path("", views.transaction_bundle, name="root"),
    path("metadata", views.metadata, name="metadata"),
    path("$export", export_views.kick_off, name="export"),
    path("$export-status/<uuid:job_id>", export_views.status, name="export_status"),
    path("$export-file/<uuid:job_id>/<int:file_id>", export_views.download, name="export_file"),
    path("EpisodeOfCare/<str:resource_id>/$everything", views.everything, name="everything"),
    path("<str:resource_type>", views.search, name="search"),
    path("<str:resource_type>/<str:resource_id>", views.read, name="read"),
]
