"""Family centres for professionals: the list, one centre's partners, life domains and networks."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .. import selectors
from ..models import FamilyCentre, LifeDomain


def _professional_or_analyst(actor) -> bool:
    return actor.is_professional or actor.is_analyst


@login_required
def home(request):
    """Family centre staff: their centre(s) at a glance. Other professionals and analysts: all centres."""
    actor = request.actor
    if not _professional_or_analyst(actor):
        raise Http404
    mine = list(selectors.centres_of(actor))
    return render(
        request,
        "network/home.html",
        {
            "mine": mine,
            "activities": list(selectors.activities_managed(actor)) if mine else [],
            "networks": list(selectors.networks_visible(actor)),
            "centres": list(selectors.family_centre_list()),
        },
    )


@login_required
def centre_detail(request, centre_id):
    if not _professional_or_analyst(request.actor):
        raise Http404
    try:
        centre = selectors.family_centre_detail(centre_id)
    except FamilyCentre.DoesNotExist as exc:
        raise Http404 from exc
    actions = {}
    for action in centre.actions.all():
        actions.setdefault(action.life_domain_id, []).append(action)
    domains = [{"domain": d, "actions": actions.get(d.pk, [])} for d in LifeDomain.objects.all()]
    return render(
        request,
        "network/centre_detail.html",
        {
            "centre": centre,
            "domains": domains,
            "municipalities": sorted(centre.municipalities.all(), key=lambda m: m.name_nl),
        },
    )
