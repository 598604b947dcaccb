"""Writes: handing out booklets, orders, their handling and the stock. One transaction each, audit inside."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wieg.care import audit
from wieg.care.models import Trajectory
from wieg.care.policies import can
from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.directory.models import Organisation

from . import rules as booklet_rules
from . import selectors
from .models import (
    Booklet,
    Distribution,
    DistributionKind,
    Order,
    OrdererKind,
    OrderLine,
    OrderStatus,
    ReplacementReason,
    Step,
    Stock,
)


def _date(day: dt.date) -> str:
    return formats.date_format(day, "d/m/Y")


def already_message(existing: Distribution) -> str:
    """Who handed out the first child booklet and when, for the refusal of a second one."""
    who = existing.professional.display_name if existing.professional else _("onbekend")
    organisation = existing.organisation.name if existing.organisation else ""
    if existing.kind == DistributionKind.ALREADY_HAD:
        source = existing.received_from or _("onbekend")
        return _(
            "Dit kind heeft al een Kindboekje: de ouders gaven op %(date)s aan dat ze er al een hebben "
            "(ontvangen van: %(source)s; geregistreerd door %(who)s, %(organisation)s). Reik geen tweede uit."
        ) % {
            "date": _date(existing.handed_out_on),
            "source": source,
            "who": who,
            "organisation": organisation,
        }
    return _(
        "Dit kind kreeg al een Kindboekje: uitgereikt door %(who)s (%(organisation)s) op %(date)s. "
        "Reik geen tweede uit; bij verlies of schade registreer je een vervanging."
    ) % {"who": who, "organisation": organisation, "date": _date(existing.handed_out_on)}


def maternity_ward_message() -> str:
    """Why a maternity ward cannot register a hand-out (the procedure since 1 August 2024)."""
    return _(
        "Kraamklinieken reiken sinds 1 augustus 2024 geen Kindboekje meer uit: "
        "Kind en Gezin doet dat tijdens de zwangerschap of bij het eerste contact na de geboorte, "
        "of de zelfstandig vroedvrouw. "
        "Enkel bij een langdurige opname van de pasgeborene reikt de NICU het uit."
    )


def _check_step(
    rules, step: str, organisation: Organisation, trajectory: Trajectory, day: dt.date, errors: dict
):
    """The step must fit the facts: who hands out, before or after the birth, a NICU admission."""
    if organisation.kind in rules.refused_organisation_kinds:
        errors.setdefault("step", []).append(maternity_ward_message())
        return
    if step not in Step.values:
        errors.setdefault("step", []).append(_("Kies de stap waarin het boekje uitgereikt wordt."))
        return
    rule = rules.step(step)
    if organisation.kind not in rule["organisation_kinds"]:
        errors.setdefault("step", []).append(
            _("%(step)s: uw organisatie (%(kind)s) reikt in deze stap geen Kindboekje uit.")
            % {"step": Step(step).label, "kind": organisation.get_kind_display()}
        )
        return
    born = trajectory.birth_date
    if rule["timing"] == "before_birth" and born is not None and day >= born:
        errors.setdefault("step", []).append(
            _(
                "Stap 1 is het startgesprek tijdens de zwangerschap: het kind is op %(date)s geboren. "
                "Kies stap 3."
            )
            % {"date": _date(born)}
        )
    if rule["timing"] == "after_birth" and (born is None or day < born):
        errors.setdefault("step", []).append(
            _(
                "Deze stap is na de geboorte: registreer eerst de geboorte, "
                "of kies stap 1 tijdens de zwangerschap."
            )
        )
    if rule.get("requires_nicu_admission") and not trajectory.nicu_admission:
        errors.setdefault("step", []).append(
            _(
                "De NICU reikt het Kindboekje enkel uit bij een langdurige opname van de pasgeborene "
                "op de NICU, "
                "en voor dit kind is geen NICU-opname geregistreerd."
            )
        )
    elif rule.get("requires_nicu_admission"):
        _check_nicu_stay(rule, trajectory, day, errors)


def _check_nicu_stay(rule: dict, trajectory: Trajectory, day: dt.date, errors: dict):
    """The NICU hands out during a long admission: on a day of the stay, and a stay of at least the rules'
    number of days once the discharge is known (a child still admitted may still stay long)."""
    admitted, discharged = trajectory.nicu_admission_date, trajectory.nicu_discharge_date
    if admitted is None:  # recorded before the dates existed: the yes/no is all we know
        return
    if rule.get("during_admission") and (day < admitted or (discharged is not None and day > discharged)):
        errors.setdefault("step", []).append(
            _(
                "De NICU reikt het Kindboekje uit tijdens de opname (%(a)s tot %(d)s): "
                "op %(day)s was het kind niet opgenomen."
            )
            % {
                "a": _date(admitted),
                "d": _date(discharged) if discharged else _("nu"),
                "day": _date(day),
            }
        )
        return
    minimum = rule.get("min_admission_days")
    if minimum and discharged is not None and (discharged - admitted).days < int(minimum):
        errors.setdefault("step", []).append(
            _(
                "De opname op de NICU duurde %(n)d dagen; de NICU reikt het Kindboekje enkel uit bij een "
                "opname van minstens %(min)d dagen. Kind en Gezin of de vroedvrouw reikt het uit."
            )
            % {"n": (discharged - admitted).days, "min": int(minimum)}
        )


@transaction.atomic
def distribution_record(
    *,
    actor,
    trajectory: Trajectory,
    booklet: str = Booklet.CHILD,
    step: str = "",
    handed_out_on: dt.date | None = None,
    edition: str = "",
    child_number: int = 1,
    replacement: bool = False,
    replacement_reason: str = "",
    replacement_note: str = "",
    already_had: bool = False,
    received_from: str = "",
) -> Distribution:
    """Register a booklet handed out on a trajectory, a replacement, or the parents' word that they already
    have a child booklet (which counts as handed out). A second child booklet for a child is refused with
    who handed out the first and when; the database constraint makes that hold for concurrent requests."""
    if (
        not actor.is_professional
        or actor.organisation_id is None
        or not can(actor, "contact.change", trajectory)
    ):
        raise Forbidden()
    organisation = Organisation.objects.get(pk=actor.organisation_id)
    today = timezone.localdate()
    day = handed_out_on or today
    rules = booklet_rules.current(day if day <= today else today)
    errors: dict[str, list] = {}

    if booklet not in Booklet.values:
        raise InvalidInput(_("Onbekend boekje."), field="booklet")
    if replacement and already_had:
        raise InvalidInput(
            _("Een vervanging is geen melding dat de ouders er al een hebben."), field="replacement"
        )
    if (replacement or already_had) and booklet != Booklet.CHILD:
        raise InvalidInput(_("Dit geldt enkel voor het Kindboekje."), field="booklet")
    if day > today:
        errors.setdefault("handed_out_on", []).append(_("De datum ligt in de toekomst."))
    elif day < trajectory.due_date - dt.timedelta(days=280):
        errors.setdefault("handed_out_on", []).append(_("De datum ligt voor het begin van de zwangerschap."))
    if not 1 <= int(child_number) <= trajectory.plurality:
        errors.setdefault("child_number", []).append(
            _("Kies een kind tussen 1 en %(n)d.") % {"n": trajectory.plurality}
        )
    if already_had:
        step, edition = "", edition.strip()
        if edition and edition not in rules.editions(booklet):
            edition = ""  # the parents' copy may be an edition we no longer list: keep what we know
    else:
        edition = (edition or rules.current_edition(booklet)).strip()
        if edition not in rules.editions(booklet):
            errors.setdefault("edition", []).append(
                _("Onbekende editie. Kies uit: %(editions)s.")
                % {"editions": ", ".join(rules.editions(booklet))}
            )
    if booklet == Booklet.CHILD and not already_had and (step or not replacement):
        _check_step(rules, step, organisation, trajectory, day, errors)
    elif booklet != Booklet.CHILD:
        if step and step not in Step.values:
            errors.setdefault("step", []).append(_("Onbekende stap."))
        if trajectory.birth_date is not None and day >= trajectory.birth_date:
            errors.setdefault("booklet", []).append(
                _("Het zwangerschapsboekje wordt tijdens de zwangerschap uitgereikt.")
            )
    if replacement:
        if replacement_reason not in ReplacementReason.values:
            errors.setdefault("replacement_reason", []).append(_("Zeg waarom het boekje vervangen wordt."))
        if replacement_reason == ReplacementReason.OTHER and not replacement_note.strip():
            errors.setdefault("replacement_note", []).append(_("Licht de reden toe."))
    if errors:
        raise InvalidInput(errors=errors)

    if booklet == Booklet.CHILD:
        existing = selectors.child_booklet_of(trajectory, child_number)
        if replacement and existing is None:
            raise InvalidInput(
                _("Er is nog geen Kindboekje geregistreerd om te vervangen: registreer een uitreiking."),
                field="replacement",
            )
        if not replacement and existing is not None:
            raise Conflict(already_message(existing), field="booklet")

    kind = (
        DistributionKind.REPLACEMENT
        if replacement
        else DistributionKind.ALREADY_HAD
        if already_had
        else DistributionKind.HANDED_OUT
    )
    distribution = Distribution(
        trajectory=trajectory,
        booklet=booklet,
        child_number=child_number,
        kind=kind,
        step=step or "",
        edition=edition,
        handed_out_on=day,
        professional_id=actor.professional_id,
        organisation_id=actor.organisation_id,
        received_from=received_from.strip()[:200] if already_had else "",
        replacement_reason=replacement_reason if replacement else "",
        replacement_note=replacement_note.strip()[:200] if replacement else "",
        recorded_by_id=actor.user_id,
    )
    try:
        with transaction.atomic():
            distribution.save()
    except IntegrityError as exc:
        # Someone registered the child's booklet between our check and our insert.
        existing = selectors.child_booklet_of(trajectory, child_number)
        if existing is None:
            raise
        raise Conflict(already_message(existing), field="booklet") from exc
    audit.record(
        actor,
        "create",
        distribution,
        trajectory=trajectory,
        category="contact",
        detail=f"booklet {booklet} {kind}",
    )
    return distribution


# --- orders -------------------------------------------------------------------------------------------------


def _clean_quantity(quantity) -> int:
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        raise InvalidInput(_("Geef een aantal."), field="quantity") from None
    if quantity < 1:
        raise InvalidInput(_("Bestel minstens 1 boekje."), field="quantity")
    return quantity


def _parent_trajectory(actor, trajectory: Trajectory | None) -> Trajectory:
    own = selectors.parent_trajectories(actor).filter(status="active")
    if trajectory is not None:
        if not own.filter(pk=trajectory.pk).exists():
            raise InvalidInput(_("U kunt enkel voor uw eigen kind bestellen."), field="trajectory_id")
        return trajectory
    choices = list(own[:2])
    if not choices:
        raise InvalidInput(_("Er is geen lopend traject voor uw kind."), field="trajectory_id")
    if len(choices) > 1:
        raise InvalidInput(_("Kies voor welk kind u bestelt."), field="trajectory_id")
    return choices[0]


@transaction.atomic
def order_place(
    *,
    actor,
    booklet: str,
    quantity,
    practice_name: str = "",
    declares_independent_midwife: bool = False,
    include_follow_up: bool = True,
    remarks: str = "",
    trajectory: Trajectory | None = None,
) -> Order:
    """An order by an independent midwife (practice name, declaration, at most 50, at most her 6-month need)
    or by a parent (one child booklet for their own child, not when one was handed out)."""
    rules = booklet_rules.current()
    if booklet not in Booklet.values:
        raise InvalidInput(_("Onbekend boekje."), field="booklet")
    quantity = _clean_quantity(quantity)
    remarks = (remarks or "").strip()[:2000]
    order = Order(booklet=booklet, quantity=quantity, ordered_by_id=actor.user_id, remarks=remarks)

    if actor.is_parent and actor.user_id:
        if booklet not in rules.orders["parent_booklets"]:
            raise InvalidInput(_("Als ouder bestelt u enkel een Kindboekje."), field="booklet")
        trajectory = _parent_trajectory(actor, trajectory)
        trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
        existing = (
            selectors.first_child_booklets()
            .filter(trajectory=trajectory)
            .select_related("professional", "organisation")
        )
        open_orders = (
            Order.objects.filter(trajectory=trajectory, booklet=booklet)
            .exclude(status=OrderStatus.REJECTED)
            .order_by("created_at")
        )
        per_child = int(rules.orders["parent_max_quantity"])
        allowed = per_child * trajectory.plurality - existing.count() - sum(o.quantity for o in open_orders)
        if allowed <= 0:
            first = existing.first()
            if first is not None:
                raise Conflict(already_message(first), field="booklet")
            raise Conflict(
                _("U bestelde al een Kindboekje voor uw kind op %(date)s.")
                % {"date": _date(timezone.localtime(open_orders.first().created_at).date())},
                field="booklet",
            )
        if quantity > allowed:
            raise InvalidInput(
                _("U kunt %(n)d Kindboekje(s) bestellen: één per kind.") % {"n": allowed}, field="quantity"
            )
        order.orderer_kind = OrdererKind.PARENT
        order.trajectory = trajectory
    elif selectors.is_midwife_orderer(actor, rules):
        errors: dict[str, list] = {}
        practice_name = (practice_name or "").strip()
        if not practice_name:
            errors["practice_name"] = [_("Vermeld de naam van uw praktijk.")]
        if not declares_independent_midwife:
            errors["declares_independent_midwife"] = [_("Bevestig dat u zelfstandig vroedvrouw bent.")]
        if quantity > rules.max_per_order:
            errors["quantity"] = [
                _("U kunt maximaal %(n)d boekjes per bestelling bestellen.") % {"n": rules.max_per_order}
            ]
        if errors:
            raise InvalidInput(errors=errors)
        # One order at a time per practice, so two orders cannot both fit the same need.
        Organisation.objects.select_for_update().filter(pk=actor.organisation_id).first()
        allowance = selectors.order_allowance(actor.organisation_id, booklet)
        if quantity > allowance.maximum:
            raise InvalidInput(
                _(
                    "U kunt nu maximaal %(max)d %(booklet)s bestellen: "
                    "uw behoefte voor %(months)d maanden is "
                    "%(need)d (%(handed)d uitgereikt in de laatste %(months)d maanden, "
                    "minimum %(floor)d), en "
                    "%(ordered)d al besteld in die %(months)d maanden."
                )
                % {
                    "max": allowance.maximum,
                    "booklet": Booklet(booklet).label,
                    "months": allowance.window_months,
                    "need": allowance.need,
                    "handed": allowance.handed_out,
                    "floor": allowance.floor,
                    "ordered": allowance.ordered,
                },
                field="quantity",
            )
        order.orderer_kind = OrdererKind.MIDWIFE
        order.professional_id = actor.professional_id
        order.organisation_id = actor.organisation_id
        order.practice_name = practice_name[:200]
        order.declares_independent_midwife = True
    else:
        raise Forbidden()

    follow_up = rules.follow_up_for(booklet)
    order.include_follow_up = bool(follow_up and include_follow_up)
    order.save()
    OrderLine.objects.create(
        order=order, booklet=booklet, edition=rules.current_edition(booklet), quantity=quantity
    )
    if order.include_follow_up:
        OrderLine.objects.create(
            order=order, booklet=follow_up, edition=rules.current_edition(follow_up), quantity=quantity
        )
    audit.record(
        actor,
        "create",
        order,
        trajectory=order.trajectory,
        category="contact" if order.trajectory else "",
        break_glass=False,
        detail=f"booklet order {booklet} x{quantity}",
    )
    return order


APPROVED = gettext_noop("Uw bestelling van %(n)d × %(booklet)s is goedgekeurd.")
REJECTED = gettext_noop("Uw bestelling van %(n)d × %(booklet)s is geweigerd.")
SHIPPED = gettext_noop("Uw bestelling van %(n)d × %(booklet)s is verzonden.")


# A typing error guard, far above any real delivery (and within a 32-bit integer).
MAX_DELIVERY = 100_000


def _handler(actor):
    if not selectors.is_booklet_service(actor):
        raise Forbidden()


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _notify(order: Order, subject_nl: str):
    """Tell the orderer, in their own language."""
    from django.utils import translation

    from wieg.accounts.models import Notification

    user = order.ordered_by
    with translation.override(getattr(user, "preferred_language", "nl") or "nl"):
        Notification.objects.create(
            user=user,
            subject=_(subject_nl) % {"booklet": Booklet(order.booklet).label, "n": order.quantity},
            body=order.rejection_reason if order.status == OrderStatus.REJECTED else "",
            link=reverse("booklets:orders"),
        )


def _record(actor, order: Order, detail: str):
    audit.record(
        actor,
        "update",
        order,
        trajectory=order.trajectory,
        category="contact" if order.trajectory else "",
        break_glass=False,
        detail=detail,
    )


@transaction.atomic
def order_approve(*, actor, order: Order) -> Order:
    _handler(actor)
    order = _locked(order)
    if order.status != OrderStatus.SUBMITTED:
        raise Conflict(
            _("Deze bestelling is al %(status)s.") % {"status": order.get_status_display()}, field="status"
        )
    order.status = OrderStatus.APPROVED
    order.decided_by_id = actor.professional_id
    order.decided_at = timezone.now()
    order.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _record(actor, order, "booklet order approved")
    _notify(order, APPROVED)
    return order


@transaction.atomic
def order_reject(*, actor, order: Order, reason: str) -> Order:
    _handler(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Geef een reden voor de weigering."), field="reason")
    order = _locked(order)
    if order.status not in (OrderStatus.SUBMITTED, OrderStatus.APPROVED):
        raise Conflict(
            _("Deze bestelling is al %(status)s.") % {"status": order.get_status_display()}, field="status"
        )
    order.status = OrderStatus.REJECTED
    order.rejection_reason = reason[:2000]
    order.decided_by_id = actor.professional_id
    order.decided_at = timezone.now()
    order.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at", "updated_at"])
    _record(actor, order, "booklet order rejected")
    _notify(order, REJECTED)
    return order


@transaction.atomic
def order_ship(*, actor, order: Order) -> Order:
    """Mark an approved order shipped; the stock of each booklet and edition goes down, never below zero."""
    _handler(actor)
    order = _locked(order)
    if order.status != OrderStatus.APPROVED:
        raise Conflict(_("Enkel een goedgekeurde bestelling kan verzonden worden."), field="status")
    for line in order.lines.all():
        # One conditional UPDATE: concurrent shipments can never take the stock below zero.
        taken = Stock.objects.filter(
            booklet=line.booklet, edition=line.edition, quantity__gte=line.quantity
        ).update(quantity=F("quantity") - line.quantity, updated_at=timezone.now())
        if not taken:
            left = Stock.objects.filter(booklet=line.booklet, edition=line.edition).values_list(
                "quantity", flat=True
            )
            raise Conflict(
                _(
                    "Onvoldoende voorraad van %(booklet)s (editie %(edition)s): "
                    "nog %(left)d, nodig %(needed)d."
                )
                % {
                    "booklet": Booklet(line.booklet).label,
                    "edition": line.edition,
                    "left": (left.first() or 0),
                    "needed": line.quantity,
                },
                field="stock",
            )
    order.status = OrderStatus.SHIPPED
    order.shipped_by_id = actor.professional_id
    order.shipped_at = timezone.now()
    order.save(update_fields=["status", "shipped_by", "shipped_at", "updated_at"])
    _record(actor, order, "booklet order shipped")
    _notify(order, SHIPPED)
    return order


@transaction.atomic
def stock_receive(*, actor, booklet: str, edition: str, quantity) -> Stock:
    """Booklets delivered to Kind en Gezin's stock."""
    _handler(actor)
    rules = booklet_rules.current()
    if booklet not in Booklet.values:
        raise InvalidInput(_("Onbekend boekje."), field="booklet")
    if edition not in rules.editions(booklet):
        raise InvalidInput(
            _("Onbekende editie. Kies uit: %(editions)s.") % {"editions": ", ".join(rules.editions(booklet))},
            field="edition",
        )
    quantity = _clean_quantity(quantity)
    if quantity > MAX_DELIVERY:
        message = _("Een levering telt hoogstens %(n)d boekjes.") % {"n": MAX_DELIVERY}
        raise InvalidInput(message, field="quantity")
    stock, _created = Stock.objects.get_or_create(booklet=booklet, edition=edition)
    Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + quantity, updated_at=timezone.now())
    stock.refresh_from_db()
    audit.record(actor, "update", stock, category="", break_glass=False, detail=f"stock +{quantity}")
    return stock


def orders_listed(actor, orders) -> None:
    """One access event per order shown in a list, in one INSERT (a parent's order names their child)."""
    from wieg.care.models import AccessEvent

    AccessEvent.objects.bulk_create(
        AccessEvent(
            user_id=actor.user_id,
            professional_id=actor.professional_id,
            organisation_id=actor.organisation_id,
            actor_kind=actor.kind,
            channel=actor.channel,
            action="list",
            object_type="Order",
            object_id=str(o.public_id),
            category="contact" if o.trajectory_id else "",
            trajectory_id=o.trajectory_id,
            family_id=o.trajectory.family_id if o.trajectory_id else None,
            detail="booklet orders",
        )
        for o in orders
    )
