"""The team and consent pages hold several forms; each field keeps its own id, so each label names the
right field for a screen reader."""

import re
from collections import Counter

import pytest

pytestmark = pytest.mark.django_db


def _check(html):
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    labelled = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html))
    for tag in re.findall(r"<select\b[^>]*>", html):
        if "aria-label" in tag:
            continue
        field_id = re.search(r'\sid="([^"]+)"', tag)
        assert field_id and field_id.group(1) in labelled, tag


@pytest.mark.parametrize("page", ["team/", "consents/"])
def test_no_duplicate_ids_and_every_select_labelled(world, client, page):
    client.force_login(world.coordinator.user)
    response = client.get(f"/trajectories/{world.t.public_id}/{page}")
    assert response.status_code == 200
    _check(response.content.decode())
