from django.urls import path

from . import views

app_name = "care"

T = "trajectories/<uuid:trajectory_id>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/", views.switch_organisation, name="switch_organisation"),
    path("caseload/", views.caseload, name="caseload"),
    path("families/find/", views.find_family, name="find_family"),
    path("families/new/", views.family_new, name="family_new"),
    path(T, views.trajectory_detail, name="trajectory_detail"),
    path(T + "due-date/", views.trajectory_due_date, name="trajectory_due_date"),
    path(T + "risk-level/", views.trajectory_risk, name="trajectory_risk"),
    path(T + "birth/", views.trajectory_birth, name="trajectory_birth"),
    path(T + "close/", views.trajectory_close, name="trajectory_close"),
    path(T + "members/<uuid:person_id>/contact/", views.member_contact, name="member_contact"),
    path(T + "team/", views.team, name="team"),
    path(T + "team/consent/", views.team_consent, name="team_consent"),
    path(T + "team/candidates/", views.team_candidates, name="team_candidates"),
    path(T + "team/<int:member_id>/end/", views.team_end, name="team_end"),
    path(T + "coordinator/", views.coordinator, name="coordinator"),
    path(T + "consents/", views.consents, name="consents"),
    path(T + "consents/<uuid:consent_id>/amend/", views.consent_amend, name="consent_amend"),
    path(T + "consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path(T + "exclusions/", views.exclusion_add, name="exclusion_add"),
    path(T + "exclusions/<int:exclusion_id>/lift/", views.exclusion_lift, name="exclusion_lift"),
    path(T + "access-log/", views.access_log, name="access_log"),
    path(T + "break-glass/", views.break_glass, name="break_glass"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<uuid:access_id>/", views.review, name="review"),
]
