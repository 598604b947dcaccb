from django.urls import path

from .views import centres, manage, networks, public, trajectory

app_name = "network"

urlpatterns = [
    path("", centres.home, name="home"),
    path("centres/<uuid:centre_id>/", centres.centre_detail, name="centre_detail"),
    path("coverage/", public.coverage, name="coverage"),
    path("activities/", public.activity_search, name="activity_search"),
    path("activities/feed.ics", public.activity_feed, name="activity_feed"),
    path("activities/<uuid:activity_id>/", public.activity_detail, name="activity_detail"),
    path("activities/<uuid:activity_id>/calendar.ics", public.activity_ics, name="activity_ics"),
    path("activities/<uuid:activity_id>/register/", public.activity_register, name="activity_register"),
    path(
        "registrations/<uuid:registration_id>/cancel/",
        trajectory.registration_cancel,
        name="registration_cancel",
    ),
    path("manage/activities/new/", manage.activity_new, name="activity_new"),
    path("manage/activities/<uuid:activity_id>/", manage.activity_manage, name="activity_manage"),
    path("manage/activities/<uuid:activity_id>/sessions/", manage.session_add, name="session_add"),
    path("manage/sessions/<int:session_id>/cancel/", manage.session_cancel, name="session_cancel"),
    path(
        "manage/registrations/<uuid:registration_id>/cancel/",
        manage.organiser_cancel_registration,
        name="organiser_cancel_registration",
    ),
    path("perinatal/<uuid:network_id>/", networks.network_detail, name="network_detail"),
    path("meetings/<uuid:meeting_id>/", networks.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:meeting_id>/send/", networks.meeting_send, name="meeting_send"),
    path("meetings/<uuid:meeting_id>/cases/", networks.case_add, name="case_add"),
    path(
        "trajectories/<uuid:trajectory_id>/activities/",
        trajectory.trajectory_section,
        name="trajectory_activities",
    ),
]
