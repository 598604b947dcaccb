import json
import os

from oauth2_provider.oauth2_validators import OAuth2Validator


def people() -> dict:
    """{username: {"password", "egovNRN", "given_name", "family_name"}} from the command line."""
    return json.loads(os.environ.get("OIDC_PROVIDER_PEOPLE", "{}"))


class CsamValidator(OAuth2Validator):
    """Releases the national number as `egovNRN` under the `egovnrn` scope, names under `profile`."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "egovNRN": "egovnrn"}

    def get_additional_claims(self, request):
        person = people().get(request.user.username, {})
        claims = {
            "given_name": person.get("given_name", ""),
            "family_name": person.get("family_name", ""),
        }
        if person.get("egovNRN"):
            claims["egovNRN"] = person["egovNRN"]
        return claims
