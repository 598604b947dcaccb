"""The directory's page parts: the options of a professional pick-list, searched by name."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import professional_search
from .widgets import SHOWN, professional_label


@login_required
@require_GET
def professional_options(request):
    """The `<option>`s for a search box: professionals only, as the directory is theirs to use."""
    if not request.actor.is_professional:
        raise Http404
    return professional_options_response(request, within=None)


def professional_options_response(request, *, within):
    """The matches for the search box, among `within` (a queryset of professionals) or the whole directory."""
    found = list(professional_search(request.GET.get("q", "")[:100], within=within, limit=SHOWN + 1))
    for professional in found:
        professional.label = professional_label(professional)
    return render(
        request,
        "directory/professional_options.html",
        {"professionals": found[:SHOWN], "more": len(found) > SHOWN},
    )
