import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from .models import mfa_required_for

SIGNED_IN_AT = "wieg_signed_in_at"
SEEN_AT = "wieg_seen_at"
# Writing the session on every request would cost a write per htmx section; once a minute is precise enough.
SEEN_RESOLUTION = 60


@receiver(user_logged_in, dispatch_uid="wieg.accounts.session_start")
def _session_start(sender, request, user, **kwargs):
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now


def _to(request, url: str):
    """A redirect that htmx follows as a whole page, not inside the section that asked."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser's, unless they switch for this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith("/api/")
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """A session ends after WIEG_SESSION_IDLE_MINUTES without a request and WIEG_SESSION_MAX_HOURS after
    signing in, whichever comes first; the next request signs the person out and asks them to sign in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            seen_at = request.session.get(SEEN_AT, now)
            idle = now - seen_at > settings.WIEG_SESSION_IDLE_MINUTES * 60
            too_old = now - signed_in_at > settings.WIEG_SESSION_MAX_HOURS * 3600
            if idle or too_old:
                logout(request)
                login = reverse("account_login")
                if request.method == "GET" and not request.headers.get("HX-Request"):
                    login = f"{login}?{urlencode({'next': request.get_full_path()})}"
                return _to(request, login)
            if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in request.session:
                request.session[SEEN_AT] = now
        return self.get_response(request)


class RequireMfaMiddleware:
    """Before any page with data: an account an administrator changed chooses its own password and second
    factor again, and with WIEG_REQUIRE_MFA=1 professionals and administrators set up TOTP."""

    # The API and FHIR know only bearer tokens, which ApiToken.objects.authenticate refuses the same way.
    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/api/", "/fhir/", "/i18n/", "/health")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(self.ALLOWED_PREFIXES):
            return self.get_response(request)
        if user.must_choose_password:
            return _to(request, reverse("account_change_password"))
        if user.must_enrol_second_factor or (mfa_required_for(user) and not self._has_totp(user)):
            return _to(request, reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _has_totp(user) -> bool:
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
