"""Invitations in the API: only the trajectory's coordinator invites, lists and revokes (404 for others)."""

from uuid import UUID

from django.db import transaction
from ninja import Router, Status

from wieg.care import audit
from wieg.care import selectors as care
from wieg.care.models import Person, Trajectory
from wieg.core.errors import NotFound

from . import selectors, services
from .models import Channel, Invitation
from .schemas import InvitationIn, InvitationList, InvitationOut

router = Router(tags=["invitations"])


def invitation_out(invitation: Invitation, issued: services.Issued | None = None) -> dict:
    letter = issued is not None and invitation.channel == Channel.LETTER
    return {
        "id": str(invitation.public_id),
        "status": invitation.status,
        "channel": invitation.channel,
        "person_id": str(invitation.person.public_id),
        "person_name": invitation.person.display_name,
        "sent_to": invitation.sent_to,
        "language": invitation.language,
        "invited_by": {
            "id": str(invitation.invited_by.public_id),
            "display_name": invitation.invited_by.display_name,
            "organisation": invitation.organisation.name if invitation.organisation else None,
        },
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
        "revoked_at": invitation.revoked_at,
        "code": issued.code if letter else None,
        "url": issued.url if letter else None,
    }


def _trajectory(request, trajectory_id) -> Trajectory:
    try:
        return care.trajectory_get(request.actor, trajectory_id)
    except Trajectory.DoesNotExist as exc:
        raise NotFound() from exc


@router.post("/trajectories/{uuid:trajectory_id}/invitations", response={201: InvitationOut})
def invitation_create(request, trajectory_id: UUID, payload: InvitationIn):
    trajectory = _trajectory(request, trajectory_id)
    issued = services.invitation_create(
        actor=request.actor,
        trajectory=trajectory,
        person=Person.objects.filter(public_id=payload.person_id).first(),
        channel=payload.channel,
        email=payload.email,
        phone=payload.phone,
        language=payload.language,
    )
    return Status(201, invitation_out(issued.invitation, issued))


@router.get("/trajectories/{uuid:trajectory_id}/invitations", response=InvitationList)
@transaction.atomic
def invitation_list(request, trajectory_id: UUID):
    trajectory = _trajectory(request, trajectory_id)
    try:
        invitations = list(selectors.invitations_of(request.actor, trajectory))
    except Trajectory.DoesNotExist as exc:
        raise NotFound() from exc
    audit.record(request.actor, "read", trajectory, category="contact", detail="invitations")
    return {"items": [invitation_out(i) for i in invitations], "count": len(invitations)}


@router.post("/invitations/{uuid:invitation_id}/revoke", response=InvitationOut)
def invitation_revoke(request, invitation_id: UUID):
    try:
        invitation = selectors.invitation_get(request.actor, invitation_id)
    except Invitation.DoesNotExist as exc:
        raise NotFound() from exc
    return invitation_out(services.invitation_revoke(actor=request.actor, invitation=invitation))
