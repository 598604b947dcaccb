"""Writes for the network app: `<entity>_<verb>(*, actor, ...)`, one transaction each, audit inside."""

from .activities import activity_cancel, activity_create, activity_update, session_cancel, sessions_add
from .centres import domain_action_add, partnership_end, partnership_set
from .meetings import case_discussion_add, meeting_create, meeting_record, meeting_send_minutes
from .registrations import registration_cancel, registration_create

__all__ = [
    "activity_cancel",
    "activity_create",
    "activity_update",
    "case_discussion_add",
    "domain_action_add",
    "meeting_create",
    "meeting_record",
    "meeting_send_minutes",
    "partnership_end",
    "partnership_set",
    "registration_cancel",
    "registration_create",
    "session_cancel",
    "sessions_add",
]
