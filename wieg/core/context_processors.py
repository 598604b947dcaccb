from django.urls import NoReverseMatch, reverse

from .registry import registry


def navigation(request):
    actor = getattr(request, "actor", None)
    if actor is None or not request.user.is_authenticated:
        return {"nav_entries": []}
    entries = []
    for entry in registry.navigation:
        if not entry.visible(actor):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        entries.append({"key": entry.key, "label": entry.label, "url": url})
    return {"nav_entries": entries}
