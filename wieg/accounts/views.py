"""A person's own in-app messages. Nobody sees another person's notifications: a foreign id is a 404."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wieg.core.errors import NotFound

from . import services
from .models import Notification

PAGE_SIZE = 30


@login_required
def notification_list(request):
    # An unread urgent message comes first, however many routine ones came after it.
    urgent_unread = Case(When(urgent=True, read_at__isnull=True, then=Value(0)), default=Value(1))
    qs = Notification.objects.filter(user=request.user).order_by(urgent_unread, "-created_at", "-pk")
    if request.GET.get("unread") == "1":
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/notifications.html",
        {
            "page": page,
            "notifications": list(page.object_list),
            "unread_only": request.GET.get("unread") == "1",
        },
    )


def _safe_link(request, link: str) -> str | None:
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return link
    return None


@require_POST
@login_required
def notification_open(request, pk):
    """Mark as read and follow its link (a link inside Wieg only)."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(_safe_link(request, notification.link) or "accounts:notifications")


@require_POST
@login_required
def notification_read_all(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("accounts:notifications")


@login_required
def api_tokens(request):
    """The signed-in person's API tokens: when issued, until when, revoked or not."""
    return render(request, "accounts/api_tokens.html", {"tokens": list(services.api_tokens_of(request.user))})


@require_POST
@login_required
def api_token_revoke(request, token_id):
    try:
        services.api_token_revoke(user=request.user, token_id=token_id)
    except NotFound as exc:
        raise Http404 from exc
    return redirect("accounts:api_tokens")
