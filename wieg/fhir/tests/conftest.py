import json

import pytest

from wieg.accounts.models import ApiToken

ACCEPT = "application/fhir+json"


class FhirClient:
    def __init__(self, client):
        self.client = client
        self.token = None

    def as_user(self, user):
        _, self.token = ApiToken.issue(user)
        return self

    def _headers(self, extra):
        headers = {"HTTP_ACCEPT": ACCEPT}
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        headers.update(extra)
        return headers

    def get(self, path, data=None, **extra):
        return self.client.get(path, data, **self._headers(extra))

    def post(self, path, body, **extra):
        return self.client.post(
            path, json.dumps(body), content_type="application/fhir+json", **self._headers(extra)
        )

    def delete(self, path, **extra):
        return self.client.delete(path, **self._headers(extra))


@pytest.fixture
def fhir(client):
    return FhirClient(client)
