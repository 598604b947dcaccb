"""Family centres for professionals: the list, one centre's partners, life domains and networks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wieg.core.errors import DomainError

from .. import selectors, services
from ..forms import DomainActionForm, PartnershipForm
from ..models import FamilyCentre, LifeDomain
from ..services.activities import can_manage_centre
from .common import apply_errors


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
    manage = can_manage_centre(request.actor, centre)
    partner_form = PartnershipForm(request.POST if request.POST.get("form") == "partner" else None)
    action_form = DomainActionForm(request.POST if request.POST.get("form") == "action" else None)
    if request.method == "POST":
        if not manage:
            raise Http404
        form = partner_form if request.POST.get("form") == "partner" else action_form
        if form.is_valid():
            try:
                if form is partner_form:
                    services.partnership_set(actor=request.actor, centre=centre, **form.cleaned_data)
                else:
                    services.domain_action_add(actor=request.actor, centre=centre, **form.cleaned_data)
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Bewaard."))
                return redirect("network:centre_detail", centre_id=centre.public_id)
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
