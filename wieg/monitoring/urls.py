from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.export_csv, name="export"),
    path("tiles/", views.tiles, name="tiles"),
    path("indicators/", views.definitions, name="definitions"),
    path("indicators/<slug:key>/", views.definition, name="definition"),
]
