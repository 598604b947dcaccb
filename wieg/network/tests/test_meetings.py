import pytest
from django.utils import timezone

from wieg.accounts.models import Notification
from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.network import services
from wieg.network.models import CaseDiscussion, NetworkPartner
from wieg.testing.factories import make_professional

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world, net):
    return services.meeting_create(
        actor=net.actor("centre"),
        network=net.network,
        starts_at=timezone.now() - timezone.timedelta(days=1),
        agenda="Kennismaking",
    )


def _partner(net, org):
    return NetworkPartner.objects.get(network=net.network, organisation=org)


def test_minutes_go_to_invited_partners_who_did_not_attend(world, net, meeting):
    gp_manager = make_professional("gp_manager", world.gp_practice, discipline="gp", role="manager")
    services.meeting_record(
        actor=net.actor("centre"),
        meeting=meeting,
        minutes="Afspraken over doorverwijzing.",
        attended=[_partner(net, world.kg).pk],
    )
    world.member.user.preferred_language = "fr"
    world.member.user.save()
    sent = services.meeting_send_minutes(actor=net.actor("centre"), meeting=meeting)
    recipients = {n.user_id for n in sent}
    # The midwives' contact person and, with no contact person, the GP practice's manager; not the K&G nurse
    # who attended.
    assert recipients == {world.member.user.pk, gp_manager.user.pk}
    note = Notification.objects.get(user=world.member.user)
    assert note.subject.startswith("Compte rendu")  # in her language
    assert note.body == "Afspraken over doorverwijzing."
    assert not Notification.objects.filter(user=world.coordinator.user).exists()
    with pytest.raises(Conflict):
        services.meeting_send_minutes(actor=net.actor("centre"), meeting=meeting)


def test_attendance_and_minutes_come_before_sending(net, meeting):
    with pytest.raises(InvalidInput) as exc:
        services.meeting_send_minutes(actor=net.actor("centre"), meeting=meeting)
    assert "minutes" in exc.value.errors
    services.meeting_record(actor=net.actor("centre"), meeting=meeting, minutes="Verslag")
    with pytest.raises(InvalidInput) as exc:
        services.meeting_send_minutes(actor=net.actor("centre"), meeting=meeting)
    assert "attended" in exc.value.errors


def test_a_partner_reads_but_does_not_run_the_network(world, net, meeting, client):
    with pytest.raises(Forbidden):
        services.meeting_record(actor=world.actor("coordinator"), meeting=meeting, minutes="x")
    with pytest.raises(Forbidden):
        services.meeting_create(
            actor=net.actor("other_centre"), network=net.network, starts_at=timezone.now()
        )
    client.force_login(world.coordinator.user)
    assert client.get(f"/network/meetings/{meeting.public_id}/").status_code == 200
    assert client.post(f"/network/meetings/{meeting.public_id}/", {"minutes": "x"}).status_code == 404


def test_work_group_meeting_invites_its_members_only(world, net):
    group = net.network.work_groups.create(name="Netwerken en doorverwijzen")
    group.members.add(_partner(net, world.midwives))
    meeting = services.meeting_create(
        actor=net.actor("centre"), network=net.network, starts_at=timezone.now(), work_group=group
    )
    assert [i.partner.organisation for i in meeting.invitations.all()] == [world.midwives]


@pytest.mark.parametrize(
    "pseudonym,question,field",
    [
        ("Mama 85073100156", "Hoe verder?", "pseudonym"),
        ("Zon", "Moeder (rijksregister 85.07.31-001.56) zoekt opvang", "question"),
        ("Zon", "Geboren op 31/07/1985, wat nu?", "question"),
        ("Zon", "Bel haar op 0470 12 34 56", "question"),
        ("Zon", "Mail naar lotte@example.org", "question"),
        ("Z", "Hoe verder?", "pseudonym"),
        ("Zon", "", "question"),
    ],
)
def test_case_discussions_refuse_anything_identifying(net, meeting, pseudonym, question, field):
    with pytest.raises(InvalidInput) as exc:
        services.case_discussion_add(
            actor=net.actor("centre"), meeting=meeting, pseudonym=pseudonym, question=question
        )
    assert field in exc.value.errors
    assert not CaseDiscussion.objects.exists()


def test_a_case_discussion_has_no_link_to_a_family(net, meeting):
    case = services.case_discussion_add(
        actor=net.actor("centre"),
        meeting=meeting,
        pseudonym="Zonnebloem",
        question="Zwangere nieuwkomer zonder huisarts: wie neemt op?",
    )
    fields = {f.name for f in CaseDiscussion._meta.get_fields()}
    assert not fields & {"trajectory", "family", "person"}
    assert case.pseudonym == "Zonnebloem"


def test_meeting_pages_record_minutes_and_cases(world, net, meeting, client):
    client.force_login(net.user("centre"))
    url = f"/network/meetings/{meeting.public_id}/"
    kg = _partner(net, world.kg)
    response = client.post(url, {"minutes": "Goed overleg.", "attended": [str(kg.pk)]})
    assert response.status_code == 302
    response = client.post(f"{url}send/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_sent_at is not None
    bad = client.post(f"{url}cases/", {"pseudonym": "Zon", "question": "Geboren 01/02/2024"})
    assert bad.status_code == 422
    assert "geboortedatum" in bad.content.decode()
