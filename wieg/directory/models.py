from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.core.models import Municipality, PublicIdModel, TimeStampedModel


def validate_national_number(value: str) -> None:
    """INSZ or BIS number, the 11 digits without separators (python-stdnum checks the check digits)."""
    from stdnum.be import bis, nn

    if value and not (value.isdigit() and len(value) == 11 and (nn.is_valid(value) or bis.is_valid(value))):
        raise ValidationError(
            _("Dit is geen geldig rijksregisternummer of BIS-nummer (11 cijfers met controlegetal)."),
            code="invalid",
        )


class OrganisationKind(models.TextChoices):
    KG_TEAM = "kg_team", _("Kind en Gezin-team")
    MIDWIFE_PRACTICE = "midwife_practice", _("praktijk zelfstandige vroedvrouw")
    MATERNITY_WARD = "maternity_ward", _("kraamkliniek")
    NICU = "nicu", _("neonatale intensieve zorg (NICU)")
    GP_PRACTICE = "gp_practice", _("huisartsenpraktijk")
    GYNAECOLOGY = "gynaecology", _("gynaecologie")
    PAEDIATRICS = "paediatrics", _("kinderarts")
    MATERNITY_HOME_CARE = "maternity_home_care", _("kraamzorgdienst")
    OCMW = "ocmw", _("OCMW / Sociaal Huis")
    CAW = "caw", _("CAW")
    CGG = "cgg", _("CGG (geestelijke gezondheidszorg)")
    CKG = "ckg", _("CKG (centrum voor kinderzorg en gezinsondersteuning)")
    FAMILY_CENTRE = "family_centre", _("Huis van het Kind")
    CHILD_CARE = "child_care", _("kinderopvang")
    OTHER = "other", _("andere")


class Discipline(models.TextChoices):
    NURSE = "nurse", _("verpleegkundige")
    FAMILY_SUPPORT_WORKER = "family_support_worker", _("gezinsondersteuner")
    MIDWIFE = "midwife", _("vroedvrouw")
    GP = "gp", _("huisarts")
    GYNAECOLOGIST = "gynaecologist", _("gynaecoloog")
    PAEDIATRICIAN = "paediatrician", _("kinderarts")
    MATERNITY_CARER = "maternity_carer", _("kraamverzorgende")
    SOCIAL_WORKER = "social_worker", _("maatschappelijk werker")
    PSYCHOLOGIST = "psychologist", _("psycholoog")
    FAMILY_CENTRE_COORDINATOR = "family_centre_coordinator", _("coördinator Huis van het Kind")
    OTHER = "other", _("andere")


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("medewerker")
    MANAGER = "manager", _("verantwoordelijke")
    REVIEWER = "reviewer", _("privacyverantwoordelijke")


class Organisation(PublicIdModel, TimeStampedModel):
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices, db_index=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class Professional(PublicIdModel, TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="professional",
    )
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("familienaam"), max_length=100)
    discipline = models.CharField(_("discipline"), max_length=40, choices=Discipline.choices)
    nihii_number = models.CharField(_("RIZIV-nummer"), max_length=11, blank=True)
    # For the government login: CSAM returns the national number, which finds the professional. Never logged.
    national_number = models.CharField(
        _("rijksregisternummer"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_national_number],
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("zorgverlener")
        verbose_name_plural = _("zorgverleners")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class MembershipQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(start__lte=at).filter(Q(end__isnull=True) | Q(end__gt=at))


class Membership(models.Model):
    """A professional works for an organisation in a role, for a period."""

    professional = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("rol"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    start = models.DateTimeField(default=timezone.now)
    end = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["professional", "end"])]

    def __str__(self) -> str:
        return f"{self.professional} @ {self.organisation}"
