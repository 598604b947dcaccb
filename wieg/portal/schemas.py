import datetime as dt
from typing import Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field


class InvitationIn(Schema):
    person_id: UUID
    channel: Literal["email", "sms", "letter"]
    # Until the family's contact details are in Wieg, the address or number comes with the request.
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    language: Literal["nl", "fr", "en"] | None = None


class InvitedBy(Schema):
    id: str
    display_name: str
    organisation: str | None


class InvitationOut(Schema):
    id: str
    status: Literal["pending", "accepted", "revoked", "expired"]
    channel: str
    person_id: str
    person_name: str
    sent_to: str
    language: str
    invited_by: InvitedBy
    created_at: dt.datetime
    expires_at: dt.datetime
    accepted_at: dt.datetime | None
    revoked_at: dt.datetime | None
    # Only in the answer that creates a letter: printed once, never stored in plain.
    code: str | None = None
    url: str | None = None


class InvitationList(Schema):
    items: list[InvitationOut]
    count: int
