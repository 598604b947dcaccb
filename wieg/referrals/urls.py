from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("intake/", views.intake_queue, name="intake_queue"),
    path("intake/new/", views.intake_new, name="intake_new"),
    path("<uuid:referral_id>/", views.detail, name="detail"),
    path("<uuid:referral_id>/<str:step>/", views.step, name="step"),
    path("trajectories/<uuid:trajectory_id>/new/", views.create, name="create"),
    path("trajectories/<uuid:trajectory_id>/section/", views.trajectory_section, name="trajectory_section"),
    path("worklist/section/", views.worklist_section, name="worklist_section"),
]
