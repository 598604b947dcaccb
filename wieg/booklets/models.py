"""The booklet distribution registry, booklet orders and stock.

One child booklet (Kindboekje) per child: a database constraint refuses a second registration, so the rule
holds under concurrent requests too. Replacements are separate rows and never count as a second booklet.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.care.models import Trajectory
from wieg.core.models import PublicIdModel, TimeStampedModel
from wieg.directory.models import Organisation, Professional


class Booklet(models.TextChoices):
    CHILD = "child", _("Kindboekje")
    PREGNANCY = "pregnancy", _("Zwangerschapsboekje")
    PREGNANCY_FOLLOW_UP = "pregnancy_follow_up", _("boekje Opvolging zwangerschap en geboorte")


class Step(models.TextChoices):
    PRENATAL_INTAKE = "prenatal_intake", _("stap 1: startgesprek Kind en Gezin tijdens de zwangerschap")
    INDEPENDENT_MIDWIFE = "independent_midwife", _("stap 2: zelfstandig vroedvrouw")
    FIRST_POSTNATAL_CONTACT = (
        "first_postnatal_contact",
        _("stap 3: eerste contact Kind en Gezin na de geboorte"),
    )
    NICU = "nicu", _("uitzondering: NICU bij langdurige opname van de pasgeborene")


class DistributionKind(models.TextChoices):
    HANDED_OUT = "handed_out", _("uitgereikt")
    ALREADY_HAD = "already_had", _("ouders hebben er al een")
    REPLACEMENT = "replacement", _("vervanging")


class ReplacementReason(models.TextChoices):
    LOST = "lost", _("verloren")
    DAMAGED = "damaged", _("beschadigd")
    OTHER = "other", _("andere reden")


class RuleSet(models.Model):
    """A version of the booklet rules (data/rules-*.json), loaded into the database."""

    version = models.CharField(max_length=20, unique=True)
    valid_from = models.DateField()
    data = models.JSONField()
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.version


class Distribution(PublicIdModel, TimeStampedModel):
    """A booklet handed out on a trajectory (or the parents' word that they already have one)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.PROTECT, related_name="booklet_distributions")
    booklet = models.CharField(_("boekje"), max_length=30, choices=Booklet.choices)
    # Which child of a multiple birth; 1 for a single child.
    child_number = models.PositiveSmallIntegerField(_("kind"), default=1)
    kind = models.CharField(
        _("soort registratie"),
        max_length=20,
        choices=DistributionKind.choices,
        default=DistributionKind.HANDED_OUT,
    )
    step = models.CharField(_("stap"), max_length=30, choices=Step.choices, blank=True)
    edition = models.CharField(_("editie"), max_length=20, blank=True)
    handed_out_on = models.DateField(_("datum"))
    professional = models.ForeignKey(Professional, null=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.PROTECT, related_name="+")
    # For "already had one": who gave it to them, if the parents know.
    received_from = models.CharField(_("ontvangen van"), max_length=200, blank=True)
    replacement_reason = models.CharField(
        _("reden van vervanging"), max_length=10, choices=ReplacementReason.choices, blank=True
    )
    replacement_note = models.CharField(_("toelichting"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["handed_out_on", "pk"]
        verbose_name = _("uitreiking")
        verbose_name_plural = _("uitreikingen")
        constraints = [
            # Never twice: one first child booklet per child, whoever registers it and however fast.
            models.UniqueConstraint(
                fields=["trajectory", "child_number"],
                condition=Q(booklet="child") & ~Q(kind="replacement"),
                name="one_child_booklet_per_child",
            ),
            models.CheckConstraint(
                condition=~Q(kind="replacement") | ~Q(replacement_reason=""), name="replacement_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(booklet="child", kind="handed_out") | ~Q(step=""), name="child_handout_has_step"
            ),
        ]
        indexes = [
            models.Index(fields=["booklet", "kind", "handed_out_on"]),
            models.Index(fields=["organisation", "booklet", "handed_out_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_booklet_display()} {self.handed_out_on}"


class OrdererKind(models.TextChoices):
    MIDWIFE = "midwife", _("zelfstandig vroedvrouw")
    PARENT = "parent", _("ouder")


class OrderStatus(models.TextChoices):
    SUBMITTED = "submitted", _("ingediend")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("geweigerd")
    SHIPPED = "shipped", _("verzonden")


class Order(PublicIdModel, TimeStampedModel):
    """An order of booklets through Kind en Gezin by an independent midwife or a parent."""

    booklet = models.CharField(_("boekje"), max_length=30, choices=Booklet.choices)
    quantity = models.PositiveSmallIntegerField(_("aantal"))
    orderer_kind = models.CharField(max_length=10, choices=OrdererKind.choices)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    professional = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="booklet_orders"
    )
    practice_name = models.CharField(_("naam van de praktijk"), max_length=200, blank=True)
    declares_independent_midwife = models.BooleanField(_("ik ben zelfstandig vroedvrouw"), default=False)
    # A parent orders for their own child: the trajectory of that child.
    trajectory = models.ForeignKey(
        Trajectory, null=True, blank=True, on_delete=models.PROTECT, related_name="booklet_orders"
    )
    include_follow_up = models.BooleanField(_("met boekje Opvolging zwangerschap en geboorte"), default=True)
    remarks = models.TextField(_("opmerkingen"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.SUBMITTED
    )
    decided_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reden van weigering"), blank=True)
    shipped_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shipped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bestelling")
        verbose_name_plural = _("bestellingen")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_quantity_positive"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="rejection_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["organisation", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.get_booklet_display()}"


class OrderLine(models.Model):
    """What is shipped: the booklet ordered, and the follow-up booklet that comes with a pregnancy booklet."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    booklet = models.CharField(_("boekje"), max_length=30, choices=Booklet.choices)
    edition = models.CharField(_("editie"), max_length=20)
    quantity = models.PositiveSmallIntegerField(_("aantal"))

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["order", "booklet"], name="one_line_per_booklet")]


class Stock(models.Model):
    """Booklets in Kind en Gezin's stock, per booklet and edition."""

    booklet = models.CharField(_("boekje"), max_length=30, choices=Booklet.choices)
    edition = models.CharField(_("editie"), max_length=20)
    quantity = models.IntegerField(_("aantal"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["booklet", "-edition"]
        verbose_name = _("voorraad")
        verbose_name_plural = _("voorraad")
        constraints = [
            models.UniqueConstraint(fields=["booklet", "edition"], name="one_stock_per_edition"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_not_negative"),
        ]
