from django.urls import path

from . import views

app_name = "booklets"

urlpatterns = [
    path("trajectories/<uuid:trajectory_id>/", views.trajectory_section, name="trajectory_section"),
    path("trajectories/<uuid:trajectory_id>/hand-out/", views.hand_out, name="hand_out"),
    path("worklist/", views.worklist, name="worklist"),
    path("worklist/section/", views.worklist_section, name="worklist_section"),
    path("orders/", views.orders, name="orders"),
    path("orders/manage/", views.order_admin, name="order_admin"),
    path("orders/<uuid:order_id>/<str:action>/", views.order_action, name="order_action"),
    path("stock/", views.stock_receive, name="stock_receive"),
    path("figures/", views.figures, name="figures"),
    path("portal/<uuid:trajectory_id>/", views.portal_section, name="portal_section"),
    path("portal/<uuid:trajectory_id>/order/", views.portal_order, name="portal_order"),
]
