"""The unread count in the header, counted only when a page shows it."""

from functools import cache

from .models import Notification


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def unread():
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"unread_notifications": unread}
