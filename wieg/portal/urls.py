from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("team/", views.team, name="team"),
    path("contact/", views.contact, name="contact"),
    path("consents/", views.consents, name="consents"),
    path("consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("exclusions/", views.exclude, name="exclude"),
    path("exclusions/<int:exclusion_id>/lift/", views.exclusion_lift, name="exclusion_lift"),
    path("access-log/", views.access_log, name="access_log"),
    path("activities/", views.activities, name="activities"),
    path("sections/<uuid:trajectory_id>/activities/", views.section_activities, name="section_activities"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
