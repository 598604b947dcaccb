"""The file's tabs say which one is open."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["", "team/", "consents/"])
def test_the_open_tab_is_marked_current(world, client, page):
    client.force_login(world.coordinator.user)
    url = f"/trajectories/{world.t.public_id}/{page}"
    html = client.get(url).content.decode()
    nav = re.search(r'<nav class="actions" aria-label="Dossier">(.*?)</nav>', html, re.S).group(1)
    current = re.findall(r'<a [^>]*href="([^"]+)"[^>]*aria-current="page"', nav)
    assert current == [url]
