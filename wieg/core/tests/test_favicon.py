import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("wieg/favicon.svg")
    assert finders.find("wieg/favicon.svg")


def test_pages_name_their_icon(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in html
