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
    path(
        "trajectories/<uuid:trajectory_id>/ask/<str:instrument>/",
        views.request_self_screening,
        name="request_self_screening",
    ),
    path("portal/<uuid:trajectory_id>/section/", views.portal_section, name="portal_section"),
    path("portal/requests/<uuid:request_id>/", views.self_screening, name="self_screening"),
]
