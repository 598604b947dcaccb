"""Perinatal networks: partners see them; the family centre's staff plan meetings and write the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.core.errors import DomainError

from .. import selectors, services
from ..forms import CaseDiscussionForm, MeetingForm, MinutesForm
from ..models import Meeting, PerinatalNetwork
from .common import apply_errors, flash_error


def _network_or_404(actor, network_id) -> PerinatalNetwork:
    try:
        return selectors.network_detail(actor, network_id)
    except PerinatalNetwork.DoesNotExist as exc:
        raise Http404 from exc


def _meeting_or_404(actor, meeting_id) -> Meeting:
    try:
        return selectors.meeting_detail(actor, meeting_id)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def network_detail(request, network_id):
    actor = request.actor
    network = _network_or_404(actor, network_id)
    manage = selectors.can_manage_network(actor, network)
    form = MeetingForm(request.POST or None, network=network)
    if request.method == "POST":
        if not manage:
            raise Http404
        if form.is_valid():
            try:
                meeting = services.meeting_create(actor=actor, network=network, **form.cleaned_data)
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("De vergadering is gepland en de partners zijn uitgenodigd."))
                return redirect("network:meeting_detail", meeting_id=meeting.public_id)
    return render(
        request, "network/network_detail.html", {"network": network, "manage": manage, "form": form}
    )


@login_required
def meeting_detail(request, meeting_id):
    actor = request.actor
    meeting = _meeting_or_404(actor, meeting_id)
    manage = selectors.can_manage_network(actor, meeting.network)
    form = MinutesForm(request.POST or None, meeting=meeting)
    if request.method == "POST":
        if not manage:
            raise Http404
        if form.is_valid():
            try:
                services.meeting_record(
                    actor=actor,
                    meeting=meeting,
                    minutes=form.cleaned_data["minutes"],
                    attended=form.cleaned_data["attended"],
                )
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Het verslag en de aanwezigheden zijn bewaard."))
                return redirect("network:meeting_detail", meeting_id=meeting.public_id)
    return render(
        request,
        "network/meeting_detail.html",
        {
            "meeting": meeting,
            "manage": manage,
            "form": form,
            "case_form": CaseDiscussionForm(),
            "absent": [i for i in meeting.invitations.all() if i.attended is False],
        },
    )


@login_required
@require_POST
def meeting_send(request, meeting_id):
    actor = request.actor
    meeting = _meeting_or_404(actor, meeting_id)
    try:
        sent = services.meeting_send_minutes(actor=actor, meeting=meeting)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request, _("Het verslag is verstuurd naar %(n)s persoon/personen.") % {"n": len(sent)}
        )
    return redirect("network:meeting_detail", meeting_id=meeting.public_id)


@login_required
def case_add(request, meeting_id):
    actor = request.actor
    meeting = _meeting_or_404(actor, meeting_id)
    if request.method != "POST" or not selectors.can_manage_network(actor, meeting.network):
        raise Http404
    form = CaseDiscussionForm(request.POST)
    if form.is_valid():
        try:
            services.case_discussion_add(actor=actor, meeting=meeting, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("De casus is toegevoegd."))
            return redirect("network:meeting_detail", meeting_id=meeting.public_id)
    return render(
        request,
        "network/meeting_detail.html",
        {
            "meeting": meeting,
            "manage": True,
            "form": MinutesForm(meeting=meeting),
            "case_form": form,
            "absent": [i for i in meeting.invitations.all() if i.attended is False],
        },
        status=422,
    )
