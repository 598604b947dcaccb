from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static


def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:  # noqa: BLE001
        return JsonResponse({"status": "unavailable"}, status=503)


def not_found(request, exception=None):
    """The API answers problem+json even for paths it does not know; pages get the normal 404 page."""
    if request.path.startswith(("/api/", "/fhir/")):
        from .problems import problem

        return problem(404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(("/api/", "/fhir/")):
        from .problems import problem

        return problem(500)
    from django.views.defaults import server_error as default

    return default(request)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return HttpResponsePermanentRedirect(static("wieg/favicon.svg"))
