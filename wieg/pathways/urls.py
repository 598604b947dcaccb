from django.urls import path

from . import views

app_name = "pathways"

urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("worklist/filters/", views.saved_filter_save, name="filter_save"),
    path("worklist/filters/<int:filter_id>/delete/", views.saved_filter_delete, name="filter_delete"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("trajectories/<uuid:trajectory_id>/plan/", views.plan_section, name="plan_section"),
    path("trajectories/<uuid:trajectory_id>/plan/items/", views.item_add, name="item_add"),
    path("trajectories/<uuid:trajectory_id>/contacts/new/", views.contact_new, name="contact_new"),
    path(
        "trajectories/<uuid:trajectory_id>/plan/<uuid:item_id>/contact/",
        views.contact_new,
        name="item_contact",
    ),
    path(
        "trajectories/<uuid:trajectory_id>/plan/<uuid:item_id>/<str:action>/",
        views.item_action,
        name="item_action",
    ),
    path("portal/trajectories/<uuid:trajectory_id>/plan/", views.portal_section, name="portal_section"),
]
