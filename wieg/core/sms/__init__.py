"""Text messages through a pluggable backend, like Django's e-mail backends.

`WIEG_SMS_BACKEND` names the class: `wieg.core.sms.backends.console.SmsBackend` (prints, the demo),
`wieg.core.sms.backends.locmem.SmsBackend` (keeps them in `wieg.core.sms.outbox`, tests) or
`wieg.core.sms.backends.http.SmsBackend` (a provider's HTTP API at `WIEG_SMS_HTTP_URL`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

# The locmem backend appends here; tests empty it.
outbox: list["TextMessage"] = []


class SmsError(Exception):
    """The message could not be handed to the provider."""


@dataclass(frozen=True)
class TextMessage:
    to: str  # E.164, "+32470123456"
    body: str
    sender: str = ""


def get_backend(path: str | None = None, **kwargs):
    return import_string(path or settings.WIEG_SMS_BACKEND)(**kwargs)


def send_sms(to: str, body: str, *, backend=None) -> None:
    """Send one text message; raises SmsError when the backend could not deliver it to the provider."""
    message = TextMessage(to=to, body=body, sender=settings.WIEG_SMS_SENDER)
    (backend or get_backend()).send(message)
