"""Invitation pages: the coordinator invites (and prints a letter); the parent opens /invite/<code>/.

A used, revoked or expired code gets a page that says which (HTTP 410); an unknown code a 404 page.
"""

from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.care import audit
from wieg.care import selectors as care
from wieg.care.forms import add_domain_errors
from wieg.care.models import Trajectory
from wieg.care.views.common import Permissions
from wieg.core.errors import DomainError, NotFound

from . import selectors, services
from .forms import AccountForm, InviteForm
from .government_login import INVITATION_STATE_KEY
from .models import Channel, Invitation, InvitationStatus, normalise_code

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def government_login_provider(request):
    """The configured OpenID Connect provider (CSAM), or None when the government login is off."""
    try:
        return get_social_adapter().get_provider(request, settings.WIEG_OIDC_PROVIDER_ID)
    except (SocialApp.DoesNotExist, ImproperlyConfigured):
        return None


# --- the coordinator ---------------------------------------------------------------------------------


def _coordinator_trajectory(request, trajectory_id) -> Trajectory:
    actor = request.actor
    if not actor.is_professional:
        raise Http404
    try:
        trajectory = care.trajectory_get(actor, trajectory_id)
        selectors.invitations_of(actor, trajectory)  # the coordinator only
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc
    return trajectory


def _invite_form(trajectory, data=None) -> InviteForm:
    people = selectors.invitable_members(trajectory).filter(user__isnull=True)
    family_language = trajectory.family.preferred_language
    initial_language = family_language if family_language in dict(settings.LANGUAGES) else "nl"
    return InviteForm(
        data,
        people=people,
        channels=Channel.choices,
        initial={"language": initial_language, "channel": Channel.LETTER, "person": people.first()},
    )


def _invitations_context(request, trajectory, form=None) -> dict:
    actor = request.actor
    context = {
        "trajectory": trajectory,
        "basis": "team",
        "may": Permissions(actor, trajectory),
    }
    context.update(
        {
            "invitations": list(selectors.invitations_of(actor, trajectory)),
            "members": list(selectors.invitable_members(trajectory)),
            "form": form or _invite_form(trajectory),
        }
    )
    return context


@login_required
def trajectory_invitations(request, trajectory_id):
    """GET: who was invited, and the form. POST: invite; a letter is shown at once, ready to print."""
    trajectory = _coordinator_trajectory(request, trajectory_id)
    actor = request.actor
    if request.method == "POST":
        form = _invite_form(trajectory, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                issued = services.invitation_create(
                    actor=actor,
                    trajectory=trajectory,
                    person=data["person"],
                    channel=data["channel"],
                    email=data["email"],
                    phone=data["phone"],
                    language=data["language"],
                )
            except NotFound as exc:
                raise Http404 from exc
            except DomainError as exc:
                add_domain_errors(form, exc, {"person_id": "person"})
            else:
                if issued.invitation.channel == Channel.LETTER:
                    return _letter(request, trajectory, issued)
                messages.success(
                    request,
                    _("De uitnodiging voor %(name)s is verstuurd.")
                    % {"name": issued.invitation.person.given_name},
                )
                return redirect("invitations:trajectory", trajectory.public_id)
        context = _invitations_context(request, trajectory, form)
        return render(request, "portal/invitations/trajectory.html", context, status=422)
    with transaction.atomic():
        audit.record(actor, "read", trajectory, category="contact", detail="invitations")
        context = _invitations_context(request, trajectory)
    return render(request, "portal/invitations/trajectory.html", context)


def _letter(request, trajectory, issued):
    """The printable letter, in the invitation's language; the code is shown this once only."""
    invitation = issued.invitation
    return render(
        request,
        "portal/invitations/letter.html",
        {
            "trajectory": trajectory,
            "invitation": invitation,
            "code": issued.code,
            "url": issued.url,
            "start_url": f"{settings.WIEG_PUBLIC_URL}/invite/",
            "government_login": government_login_provider(request) is not None,
        },
    )


@login_required
@require_POST
def invitation_revoke(request, trajectory_id, invitation_id):
    trajectory = _coordinator_trajectory(request, trajectory_id)
    try:
        invitation = selectors.invitation_get(request.actor, invitation_id)
    except Invitation.DoesNotExist as exc:
        raise Http404 from exc
    if invitation.trajectory_id != trajectory.pk:
        raise Http404
    try:
        services.invitation_revoke(actor=request.actor, invitation=invitation)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("De uitnodiging is ingetrokken: de code werkt niet meer."))
    return redirect("invitations:trajectory", trajectory.public_id)


@login_required
def invitations_section(request, trajectory_id):
    """The panel on the trajectory page: who was invited, for the coordinator; one sentence for others."""
    actor = request.actor
    if not actor.is_professional:
        raise Http404
    try:
        trajectory = care.trajectory_get(actor, trajectory_id)
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc
    try:
        invitations = list(selectors.invitations_of(actor, trajectory)[:5])
    except Trajectory.DoesNotExist:
        return render(request, "portal/invitations/section.html", {"coordinator_only": True})
    members = list(selectors.invitable_members(trajectory))
    return render(
        request,
        "portal/invitations/section.html",
        {"trajectory": trajectory, "invitations": invitations, "members": members},
    )


# --- the parent ----------------------------------------------------------------------------------------


def invite_start(request):
    """Where a letter sends people without the link: type the code."""
    code = request.GET.get("code", "")
    if code:
        return redirect("invitations:invite", normalise_code(code) or "-")
    return render(request, "portal/invitations/start.html")


def _gone(request, reason: str):
    return render(
        request,
        "portal/invitations/gone.html",
        {"message": services.gone_message(reason), "reason": reason},
        status=410,
    )


def _unknown(request, code: str):
    return render(request, "portal/invitations/unknown.html", {"code": code}, status=404)


def _open_invitation(request, code):
    """The pending invitation, or the response that says why there is none."""
    invitation = services.invitation_for_code(code)
    if invitation is None:
        return None, _unknown(request, code)
    status = invitation.status
    if status == InvitationStatus.PENDING and invitation.person.user_id is not None:
        status = InvitationStatus.ACCEPTED
    if status != InvitationStatus.PENDING:
        return None, _gone(request, status)
    return invitation, None


def _invite_page(request, invitation, code, form, status=200):
    provider = government_login_provider(request)
    user = request.user
    return render(
        request,
        "portal/invitations/invite.html",
        {
            "invitation": invitation,
            "code": code,
            "form": form,
            "government_login": provider,
            "signed_in_parent": user.is_authenticated and request.actor.is_parent,
            "signed_in_other": user.is_authenticated and not request.actor.is_parent,
        },
        status=status,
    )


def invite(request, code):
    invitation, refusal = _open_invitation(request, code)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        if request.user.is_authenticated:
            # A shared phone: a second account is not made over a signed-in one.
            return _invite_page(request, invitation, code, AccountForm(), status=409)
        form = AccountForm(request.POST)
        if form.is_valid():
            try:
                user, _invitation = services.invitation_accept(
                    code=code,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                    language=get_language(),
                )
            except services.InvitationGone as exc:
                return _gone(request, exc.reason)
            except NotFound:
                return _unknown(request, code)
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                login(request, user, backend=MODEL_BACKEND)
                messages.success(
                    request,
                    _(
                        "Welkom in Wieg. Uw account is klaar: meld u voortaan aan met uw gebruikersnaam "
                        "%(username)s."
                    )
                    % {"username": user.username},
                )
                return redirect(f"{reverse('portal:home')}?welcome=1")
        return _invite_page(request, invitation, code, form, status=422)
    services.invitation_opened(invitation, request.actor)
    form = AccountForm(initial={"username": services.suggested_username(invitation.person)})
    return _invite_page(request, invitation, code, form)


@require_POST
def invite_link(request, code):
    """A signed-in parent adds this family to her account (a second child with another partner)."""
    if not request.user.is_authenticated:
        return redirect("invitations:invite", code)
    try:
        invitation = services.invitation_link(actor=request.actor, code=code)
    except services.InvitationGone as exc:
        return _gone(request, exc.reason)
    except NotFound:
        return _unknown(request, code)
    except DomainError as exc:
        invitation, refusal = _open_invitation(request, code)
        if refusal is not None:
            return refusal
        messages.error(request, str(exc.message))
        return _invite_page(request, invitation, code, AccountForm(), status=409)
    messages.success(
        request, _("Dit gezin staat nu ook in uw account. Kies bovenaan welk dossier u bekijkt.")
    )
    return redirect(f"{reverse('portal:home')}?t={invitation.trajectory.public_id}")


@require_POST
def invite_government(request, code):
    """Accept with the federal login: the national number it returns must be the invited person's."""
    invitation, refusal = _open_invitation(request, code)
    if refusal is not None:
        return refusal
    provider = government_login_provider(request)
    if provider is None:
        raise Http404
    return provider.redirect(
        request,
        process="login",
        next_url=reverse("portal:home"),
        data={INVITATION_STATE_KEY: normalise_code(code)},
    )
