from django.conf import settings
from django.utils.cache import patch_cache_control

# Every answer of these is about someone's data or a token, whatever the status.
PRIVATE_PREFIXES = ("/api/", "/fhir/")


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store` on everything a signed-in person or a
    token holder gets (pages, htmx fragments, API and FHIR), so that no browser or proxy keeps a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if self._private(request):
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, no_store=True, private=True)
            response["Pragma"] = "no-cache"
        return response

    @staticmethod
    def _private(request) -> bool:
        if request.path.startswith(PRIVATE_PREFIXES) or "Authorization" in request.headers:
            return True
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated
