from django.utils.functional import SimpleLazyObject

from .actors import actor_for

ACTIVE_ORGANISATION_SESSION_KEY = "wieg_active_organisation"


class ActorMiddleware:
    """Sets request.actor lazily, so that anonymous pages and static files cost no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def build():
            org_id = (
                request.session.get(ACTIVE_ORGANISATION_SESSION_KEY) if hasattr(request, "session") else None
            )
            return actor_for(request.user, organisation_id=org_id)

        request.actor = SimpleLazyObject(build)
        return self.get_response(request)
