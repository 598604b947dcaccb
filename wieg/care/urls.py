from django.urls import path

from . import views

app_name = "care"

urlpatterns = [
    path("", views.home, name="home"),
    path("caseload/", views.caseload, name="caseload"),
    path("trajectories/<uuid:trajectory_id>/", views.trajectory_detail, name="trajectory_detail"),
]
