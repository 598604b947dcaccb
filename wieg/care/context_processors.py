"""The header's organisation switcher: computed only when a page actually shows it."""

from functools import cache

from wieg.directory.models import Organisation


def organisations(request):
    actor = getattr(request, "actor", None)
    user = getattr(request, "user", None)
    if actor is None or user is None or not user.is_authenticated:
        return {}

    @cache
    def mine():
        if not actor.is_professional or not actor.organisation_ids:
            return []
        return list(Organisation.objects.filter(pk__in=actor.organisation_ids).order_by("name"))

    def active():
        return next((o for o in mine() if o.pk == actor.organisation_id), None)

    def switchable():
        return mine() if len(mine()) > 1 else []

    return {"active_organisation": active, "switchable_organisations": switchable}
