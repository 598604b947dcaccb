from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("trajectories/<uuid:trajectory_id>/section/", views.trajectory_section, name="trajectory_section"),
    path("trajectories/<uuid:trajectory_id>/new/<str:instrument>/", views.screening_new, name="new"),
    path("results/<uuid:screening_id>/", views.screening_detail, name="detail"),
    path("suggestions/<uuid:suggestion_id>/decide/", views.suggestion_decide, name="suggestion_decide"),
    path("flags/<uuid:flag_id>/action/", views.flag_action, name="flag_action"),
    path("worklist/section/", views.worklist_section, name="worklist_section"),
]
