"""Orders: 50 per order, the 6-month need, pregnancy booklets with follow-up, parents, handling and stock."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.accounts.models import Notification
from wieg.booklets import selectors, services
from wieg.booklets.models import Distribution, Order, Stock
from wieg.core.errors import Conflict, Forbidden, InvalidInput

from .conftest import born

pytestmark = pytest.mark.django_db


def midwife_order(world, quantity, booklet="child", **kwargs):
    kwargs.setdefault("practice_name", "Vroedvrouwenpraktijk De Wieg")
    kwargs.setdefault("declares_independent_midwife", True)
    return services.order_place(actor=world.actor("member"), booklet=booklet, quantity=quantity, **kwargs)


def handed_out_by_practice(world, count, days_ago=30):
    """Past hand-outs by the midwife practice (bulk: the registry rows, not the service)."""
    from wieg.testing.factories import TrajectoryFactory

    day = timezone.localdate() - dt.timedelta(days=days_ago)
    Distribution.objects.bulk_create(
        Distribution(
            trajectory=TrajectoryFactory(),
            booklet="child",
            step="independent_midwife",
            handed_out_on=day,
            organisation=world.midwives,
            professional=world.member,
            edition="2023-06",
        )
        for _ in range(count)
    )


def test_fifty_accepted_fifty_one_refused(world):
    handed_out_by_practice(world, 120)  # a busy practice: the 6-month need is not the limit here
    with pytest.raises(InvalidInput) as exc:
        midwife_order(world, 51)
    assert "50" in str(exc.value.errors["quantity"][0])
    order = midwife_order(world, 50)
    assert order.quantity == 50 and order.status == "submitted"
    assert order.practice_name == "Vroedvrouwenpraktijk De Wieg" and order.declares_independent_midwife


def test_practice_name_and_declaration_required(world):
    with pytest.raises(InvalidInput) as exc:
        midwife_order(world, 5, practice_name=" ", declares_independent_midwife=False)
    assert set(exc.value.errors) == {"practice_name", "declares_independent_midwife"}


def test_six_month_need_with_computed_maximum(world):
    handed_out_by_practice(world, 18, days_ago=60)
    handed_out_by_practice(world, 7, days_ago=200)  # older than 6 months: not counted
    allowance = selectors.order_allowance(world.midwives.pk, "child")
    assert (allowance.handed_out, allowance.need, allowance.maximum) == (18, 18, 18)
    with pytest.raises(InvalidInput) as exc:
        midwife_order(world, 19)
    assert "maximaal 18" in str(exc.value.errors["quantity"][0])
    midwife_order(world, 12)
    # 12 already ordered in the window: 6 left for now.
    with pytest.raises(InvalidInput) as exc:
        midwife_order(world, 7)
    assert "maximaal 6" in str(exc.value.errors["quantity"][0])
    midwife_order(world, 6)


def test_new_practice_gets_the_floor(world):
    allowance = selectors.order_allowance(world.midwives.pk, "child")
    assert (allowance.handed_out, allowance.maximum) == (0, 10)
    with pytest.raises(InvalidInput) as exc:
        midwife_order(world, 11)
    assert "maximaal 10" in str(exc.value.errors["quantity"][0])
    assert midwife_order(world, 10).quantity == 10


def test_rejected_orders_do_not_count(world):
    order = midwife_order(world, 10)
    services.order_reject(actor=world.actor("coordinator"), order=order, reason="Dubbele bestelling")
    assert selectors.order_allowance(world.midwives.pk, "child").maximum == 10


def test_pregnancy_booklet_order_adds_follow_up(world):
    order = midwife_order(world, 20, booklet="pregnancy", remarks="Graag voor eind van de maand")
    lines = {line.booklet: line.quantity for line in order.lines.all()}
    assert lines == {"pregnancy": 20, "pregnancy_follow_up": 20}
    assert order.remarks == "Graag voor eind van de maand"


def test_pregnancy_booklet_order_without_follow_up(world):
    order = midwife_order(
        world, 20, booklet="pregnancy", include_follow_up=False, remarks="zonder opvolgboekje"
    )
    assert [line.booklet for line in order.lines.all()] == ["pregnancy"]
    assert not order.include_follow_up and order.remarks == "zonder opvolgboekje"


def test_parent_orders_one_child_booklet_for_own_child(world):
    parent = world.actor("parent")
    with pytest.raises(InvalidInput):
        services.order_place(actor=parent, booklet="child", quantity=2)
    with pytest.raises(InvalidInput):
        services.order_place(actor=parent, booklet="pregnancy", quantity=1)
    with pytest.raises(InvalidInput):
        services.order_place(actor=parent, booklet="child", quantity=1, trajectory=world.other_t)
    order = services.order_place(actor=parent, booklet="child", quantity=1)
    assert order.trajectory == world.t and order.orderer_kind == "parent"
    with pytest.raises(Conflict):
        services.order_place(actor=parent, booklet="child", quantity=1)


def test_parent_who_already_has_one_cannot_order(world):
    born(world.t)
    services.distribution_record(
        actor=world.actor("coordinator"), trajectory=world.t, step="first_postnatal_contact"
    )
    with pytest.raises(Conflict) as exc:
        services.order_place(actor=world.actor("parent"), booklet="child", quantity=1)
    assert "Els Verhoeven" in str(exc.value.message)


@pytest.mark.parametrize("persona", ["coordinator", "no_consent", "outsider", "analyst", "admin"])
def test_others_cannot_order(world, persona):
    with pytest.raises(Forbidden):
        services.order_place(
            actor=world.actor(persona),
            booklet="child",
            quantity=1,
            practice_name="x",
            declares_independent_midwife=True,
        )


def test_stock_goes_down_on_shipping(world):
    kg = world.actor("coordinator")
    services.stock_receive(actor=kg, booklet="pregnancy", edition="2024-01", quantity=100)
    services.stock_receive(actor=kg, booklet="pregnancy_follow_up", edition="2024-01", quantity=30)
    order = midwife_order(world, 25, booklet="pregnancy")
    with pytest.raises(Conflict):
        services.order_ship(actor=kg, order=order)  # not approved yet
    services.order_approve(actor=kg, order=order)
    services.order_ship(actor=kg, order=order)
    stock = dict(Stock.objects.values_list("booklet", "quantity"))
    assert stock == {"pregnancy": 75, "pregnancy_follow_up": 5}
    assert Order.objects.get(pk=order.pk).status == "shipped"
    assert Notification.objects.filter(user=world.member.user).count() == 2


def test_stock_cannot_go_below_zero(world):
    kg = world.actor("coordinator")
    services.stock_receive(actor=kg, booklet="pregnancy", edition="2024-01", quantity=100)
    services.stock_receive(actor=kg, booklet="pregnancy_follow_up", edition="2024-01", quantity=5)
    order = midwife_order(world, 10, booklet="pregnancy")
    services.order_approve(actor=kg, order=order)
    with pytest.raises(Conflict) as exc:
        services.order_ship(actor=kg, order=order)
    assert "nog 5, nodig 10" in str(exc.value.message)
    # Nothing half-done: the pregnancy booklets were not taken either.
    assert dict(Stock.objects.values_list("booklet", "quantity")) == {
        "pregnancy": 100,
        "pregnancy_follow_up": 5,
    }
    assert Order.objects.get(pk=order.pk).status == "approved"


def test_reject_needs_a_reason_and_only_kind_en_gezin_handles(world):
    order = midwife_order(world, 5)
    with pytest.raises(InvalidInput):
        services.order_reject(actor=world.actor("coordinator"), order=order, reason="  ")
    for persona in ("member", "outsider", "parent", "analyst"):
        with pytest.raises(Forbidden):
            services.order_approve(actor=world.actor(persona), order=order)
