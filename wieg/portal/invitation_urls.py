"""Mounted at the root: /invite/<code>/ for parents, /trajectories/<id>/invitations/ for the coordinator."""

from django.urls import path

from . import invitation_views as views

app_name = "invitations"

T = "trajectories/<uuid:trajectory_id>/invitations/"

urlpatterns = [
    path("invite/", views.invite_start, name="start"),
    path("invite/<str:code>/", views.invite, name="invite"),
    path("invite/<str:code>/link/", views.invite_link, name="link"),
    path("invite/<str:code>/government/", views.invite_government, name="government"),
    path(T, views.trajectory_invitations, name="trajectory"),
    path(T + "section/", views.invitations_section, name="section"),
    path(T + "<uuid:invitation_id>/revoke/", views.invitation_revoke, name="revoke"),
]
