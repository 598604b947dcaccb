"""The directory's page parts: the options of a professional pick-list, searched by name."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import professional_search
from .widgets import SHOWN


@login_required
@require_GET
def professional_options(request):
    """The `<option>`s for a search box: professionals only, as the directory is theirs to use."""
    if not request.actor.is_professional:
        raise Http404
    found = list(professional_search(request.GET.get("q", "")[:100], limit=SHOWN + 1))
    return render(
        request,
        "directory/professional_options.html",
        {"professionals": found[:SHOWN], "more": len(found) > SHOWN},
    )
