"""A person's own API tokens: list them, revoke one. The token itself is never shown again."""

import datetime as dt
from typing import Literal
from uuid import UUID

from ninja import Router, Schema, Status

from . import services

router = Router(tags=["accounts"])


class ApiTokenOut(Schema):
    id: UUID
    label: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    status: Literal["active", "expired", "revoked"]


def _token(token) -> dict:
    return {
        "id": token.public_id,
        "label": token.label,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
        "status": token.status,
    }


@router.get("/me/tokens", response=list[ApiTokenOut])
def my_tokens(request):
    return [_token(t) for t in services.api_tokens_of(request.user)]


@router.delete("/me/tokens/{uuid:token_id}", response={204: None})
def revoke_token(request, token_id: UUID):
    services.api_token_revoke(user=request.user, token_id=token_id)
    return Status(204, None)
