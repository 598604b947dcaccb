"""Bearer tokens for /fhir/r4/, exactly as for the API, with the actor's channel set to "fhir"."""

from django.utils import translation

from wieg.accounts.actor import ANONYMOUS
from wieg.accounts.models import ApiToken
from wieg.directory.actors import actor_for
from wieg.directory.models import Organisation


def authenticate(request):
    """Sets request.user and request.actor from `Authorization: Bearer <token>`; None when absent or wrong."""
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    token = ApiToken.objects.authenticate(raw.strip())
    if token is None:
        return None
    user = token.user
    organisation_id = None
    wanted = request.headers.get("X-Wieg-Organisation")
    if wanted:
        try:
            organisation_id = (
                Organisation.objects.filter(public_id=wanted).values_list("pk", flat=True).first()
            )
        except Exception:  # noqa: BLE001 - a malformed header is simply ignored, like an unknown one
            organisation_id = None
    request.user = user
    request.actor = actor_for(user, organisation_id=organisation_id, channel="fhir")
    language = request.headers.get("Accept-Language", "")[:2] or user.preferred_language
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()
    return request.actor


def anonymous(request):
    request.actor = ANONYMOUS
    return ANONYMOUS
