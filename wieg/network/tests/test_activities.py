import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from wieg.core.errors import Forbidden, InvalidInput
from wieg.network import selectors, services
from wieg.network.models import Activity, Session

from .conftest import make_activity

pytestmark = pytest.mark.django_db


def _ids(response):
    return {item["id"] for item in response.json()["items"]}


def test_finder_filters_by_municipality_postal_code_language_target_group_and_date(net, client):
    fr = str(net.activity.public_id)
    other = str(net.other_activity.public_id)
    later = make_activity(
        net.centre,
        title="Prenatale groep",
        target_group="expecting",
        kind="prenatal_group",
        days_ahead=40,
        languages=("nl", "ar"),
    )
    assert _ids(client.get("/api/v1/activities")) == {fr, other, str(later.public_id)}
    assert _ids(client.get("/api/v1/activities", {"municipality": "31005"})) == {other}
    assert _ids(client.get("/api/v1/activities", {"postal_code": "9000"})) == {fr, str(later.public_id)}
    assert _ids(client.get("/api/v1/activities", {"language": "fr"})) == {fr}
    assert _ids(client.get("/api/v1/activities", {"language": "ar"})) == {str(later.public_id)}
    assert _ids(client.get("/api/v1/activities", {"target_group": "expecting"})) == {str(later.public_id)}
    soon = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    assert str(later.public_id) not in _ids(client.get("/api/v1/activities", {"to": soon}))
    assert _ids(client.get("/api/v1/activities", {"from": soon})) == {str(later.public_id)}


def test_an_activity_for_everyone_matches_every_target_group(net, client):
    everyone = make_activity(net.centre, title="Ruilwinkel", target_group="everyone", kind="swap_shop")
    assert str(everyone.public_id) in _ids(client.get("/api/v1/activities", {"target_group": "fathers"}))


def test_past_cancelled_and_draft_activities_are_not_found(net, client):
    Session.objects.filter(activity=net.other_activity).update(
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-1),
    )
    Activity.objects.filter(pk=net.activity.pk).update(status="draft")
    assert _ids(client.get("/api/v1/activities")) == set()


@pytest.mark.parametrize(
    "params,field",
    [
        ({"postal_code": "90"}, "postal_code"),
        ({"municipality": "gent"}, "municipality"),
        ({"language": "xx"}, "language"),
        ({"target_group": "cats"}, "target_group"),
        ({"from": "23/11/2026"}, "from"),
        ({"from": "2026-12-01", "to": "2026-11-01"}, "to"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_filters_are_422_naming_the_field(net, client, params, field):
    response = client.get("/api/v1/activities", params)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


def test_the_public_page_in_french(net, client):
    response = client.get("/network/activities/", {"language": "fr"}, HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Massage pour bébés" in html
    assert "Kindercarrousel" not in html


def test_bad_input_on_the_public_page_is_a_field_error_not_a_500(net, client):
    response = client.get("/network/activities/", {"postal_code": "abc", "date_from": "yesterday"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_public_pages_show_no_personal_data(world, net, client):
    services.registration_create(actor=world.actor("parent"), activity=net.activity, trajectory=world.t)
    person = world.t.pregnant_person
    secrets = [
        person.given_name,
        person.family_name,
        world.parent_user.first_name,
        "Nadia",
        "Coördinator",
        world.coordinator.family_name,
        world.member.family_name,
    ]
    pages = [
        client.get("/network/activities/"),
        client.get(f"/network/activities/{net.activity.public_id}/"),
        client.get(f"/network/activities/{net.activity.public_id}/calendar.ics"),
        client.get("/network/activities/feed.ics"),
        client.get("/api/v1/activities"),
        client.get("/api/v1/coverage"),
        client.get("/network/coverage/"),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        for secret in secrets:
            assert secret not in body, (response.request["PATH_INFO"], secret)
    # Only counts are public: the one registration shows as one seat fewer.
    items = {i["id"]: i for i in client.get("/api/v1/activities").json()["items"]}
    assert items[str(net.activity.public_id)]["available_seats"] == 1


def test_icalendar_file_and_feed(net, client):
    make_activity(net.centre, title="Dansen met papa's", target_group="fathers", sessions=4)
    response = client.get(f"/network/activities/{net.activity.public_id}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Babymassage"
    assert "9000" in str(events[0]["LOCATION"])
    feed = Calendar.from_ical(client.get("/network/activities/feed.ics", {"target_group": "fathers"}).content)
    assert {str(e["SUMMARY"]) for e in feed.walk("VEVENT")} == {"Dansen met papa's"}
    assert len(list(feed.walk("VEVENT"))) == 4


def test_weekly_repeats_make_a_series(world, net):
    day = timezone.localdate() + dt.timedelta(days=3)
    sessions = services.sessions_add(
        actor=net.actor("centre"),
        activity=net.activity,
        day=day,
        start=dt.time(10, 0),
        end=dt.time(11, 30),
        weekly_repeats=5,
    )
    assert len(sessions) == 6
    assert len({s.series for s in sessions}) == 1
    assert sessions[-1].starts_at.date() == day + dt.timedelta(weeks=5)
    assert timezone.localtime(sessions[-1].starts_at).hour == 10  # across the change to winter time too


def test_a_session_ending_before_it_starts_is_refused(net):
    with pytest.raises(InvalidInput) as exc:
        services.sessions_add(
            actor=net.actor("centre"),
            activity=net.activity,
            day=timezone.localdate() + dt.timedelta(days=1),
            start=dt.time(11),
            end=dt.time(10),
        )
    assert "end" in exc.value.errors


def test_a_coordinator_cannot_edit_another_centres_activity(world, net, client):
    with pytest.raises(Forbidden):
        services.activity_update(actor=net.actor("other_centre"), activity=net.activity, title="Overgenomen")
    with pytest.raises(Forbidden):
        services.sessions_add(
            actor=net.actor("other_centre"),
            activity=net.activity,
            day=timezone.localdate(),
            start=dt.time(9),
            end=dt.time(10),
        )
    client.force_login(net.user("other_centre"))
    url = f"/network/manage/activities/{net.activity.public_id}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Overgenomen"}).status_code == 404
    assert (
        client.post(f"{url}sessions/", {"day": "2030-01-01", "start": "09:00", "end": "10:00"}).status_code
        == 404
    )
    net.activity.refresh_from_db()
    assert net.activity.title == "Babymassage"
    # ... and their own is theirs to edit.
    assert client.get(f"/network/manage/activities/{net.other_activity.public_id}/").status_code == 200


def test_centre_staff_create_and_edit_their_activity(world, net, client):
    client.force_login(net.user("centre"))
    data = {
        "title": "Infosessie borstvoeding",
        "kind": "info_session",
        "target_group": "expecting",
        "life_domain": net.activity.life_domain_id,
        "cost": "free",
        "place_name": "Bibliotheek",
        "address": "Kouter 1",
        "postal_code": "9000",
        "municipality": "",
        "capacity": "12",
        "registration_required": "on",
        "status": "published",
        "languages": ["nl", "en"],
    }
    from wieg.core.models import Municipality

    data["municipality"] = Municipality.objects.get(nis_code="44021").pk
    response = client.post("/network/manage/activities/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get(title="Infosessie borstvoeding")
    assert activity.centre == net.centre
    assert set(activity.languages.values_list("language", flat=True)) == {"nl", "en"}
    # A postal code of another municipality is a field error, not a 500.
    data["postal_code"] = "8000"
    response = client.post(f"/network/manage/activities/{activity.public_id}/", data)
    assert response.status_code == 200
    assert "Deze postcode hoort niet bij de gekozen gemeente." in response.content.decode()


def test_paid_activity_needs_a_price(net):
    with pytest.raises(InvalidInput) as exc:
        services.activity_update(actor=net.actor("centre"), activity=net.activity, cost="paid", price=None)
    assert "price" in exc.value.errors


def test_finder_query_count_is_fixed(net, django_assert_num_queries):
    def run():
        return [
            (
                a.display_title,
                [s.starts_at for s in a.upcoming],
                [lang.language for lang in a.languages.all()],
                a.municipality.name,
                a.taken_seats,
            )
            for a in selectors.activity_search(selectors.ActivityFilters())
        ]

    with django_assert_num_queries(3):
        assert len(run()) == 2
    for n in range(8):
        make_activity(net.centre, title=f"Extra {n}", sessions=2, languages=("nl", "fr"))
    with django_assert_num_queries(3):
        assert len(run()) == 10
