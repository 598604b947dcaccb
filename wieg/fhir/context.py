"""How one response is written: for whom, with which ids, and whether identities are shown."""

import hashlib
import hmac
from dataclasses import dataclass, field

from django.conf import settings

# Directory data about organisations is public; everything else gets a pseudonymous id when pseudonymised.
PUBLIC_TYPES = frozenset({"Organization"})


def pseudonym_key(user_id: int) -> bytes:
    """One key per receiving account: its ids are stable across its exports, and cannot be linked with
    another account's export."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"fhir-pseudonym:{user_id}".encode(), hashlib.sha256
    ).digest()


@dataclass
class Context:
    actor: object
    base_url: str = ""
    pseudonymise: bool = False
    key: bytes = b""
    # Trajectory pks for which the actor may see the medical category (set by the provider's queryset).
    extras: dict = field(default_factory=dict)

    def id(self, resource_type: str, public_id) -> str:
        raw = str(public_id)
        if not self.pseudonymise or resource_type in PUBLIC_TYPES:
            return raw
        digest = hmac.new(self.key, f"{resource_type}/{raw}".encode(), hashlib.sha256).hexdigest()
        return digest[:32]

    def ref(self, resource_type: str, public_id) -> dict:
        return {"reference": f"{resource_type}/{self.id(resource_type, public_id)}"}

    def full_url(self, resource_type: str, resource_id: str) -> str:
        return f"{self.base_url}/{resource_type}/{resource_id}"

    @property
    def identities(self) -> bool:
        return not self.pseudonymise

    def birth_date(self, value) -> str | None:
        """Pseudonymised exports reduce birth dates to the month."""
        if value is None:
            return None
        return value.strftime("%Y-%m") if self.pseudonymise else value.isoformat()
