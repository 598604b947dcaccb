"""A provider's HTTP API: POST JSON {"from", "to", "text"} with a bearer token; any 2xx is accepted."""

import json
import urllib.error
import urllib.request

from django.conf import settings

from .. import SmsError
from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None, **kw):
        super().__init__(**kw)
        self.url = url or settings.WIEG_SMS_HTTP_URL
        self.token = token if token is not None else settings.WIEG_SMS_HTTP_TOKEN
        self.timeout = timeout or settings.WIEG_SMS_TIMEOUT
        if not self.url.startswith(("https://", "http://")):
            raise SmsError("WIEG_SMS_HTTP_URL is not set to an http(s) address.")

    def send(self, message) -> None:
        body = json.dumps({"from": message.sender, "to": message.to, "text": message.body}).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            # Never repeat the message or the number in the error: logs must not carry contact data.
            raise SmsError(f"The text message provider answered {exc.code}.") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(
                f"The text message provider could not be reached ({type(exc).__name__})."
            ) from None
        if not 200 <= status < 300:
            raise SmsError(f"The text message provider answered {status}.")
