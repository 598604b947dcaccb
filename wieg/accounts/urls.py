from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<uuid:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
