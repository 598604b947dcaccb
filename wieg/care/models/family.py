"""Families and the people in them: who they are and how to reach them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wieg.core.models import Municipality, PublicIdModel, TimeStampedModel
from wieg.directory.models import Professional

from ..querysets import FamilyQuerySet


class Category(models.TextChoices):
    """Categories of information that consent is given for."""

    CONTACT = "contact", _("contactgegevens")
    CARE_PLAN = "care_plan", _("zorgplan")
    MEDICAL = "medical", _("medisch")
    PSYCHOSOCIAL = "psychosocial", _("psychosociaal")


CATEGORIES = tuple(Category.values)


class Family(PublicIdModel, TimeStampedModel):
    municipality = models.ForeignKey(Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT)
    preferred_language = models.CharField(_("voorkeurtaal"), max_length=5, default="nl")
    interpreter_needed = models.BooleanField(_("tolk nodig"), default=False)
    created_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")

    def __str__(self) -> str:
        return str(self.public_id)


class PersonRole(models.TextChoices):
    PREGNANT_PARENT = "pregnant_parent", _("zwangere ouder")
    CO_PARENT = "co_parent", _("meeouder")
    CAREGIVER = "caregiver", _("andere opvoeder")
    CHILD = "child", _("kind")


class Sex(models.TextChoices):
    FEMALE = "female", _("vrouw")
    MALE = "male", _("man")
    OTHER = "other", _("anders")
    UNKNOWN = "unknown", _("onbekend")


class Person(PublicIdModel, TimeStampedModel):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("rol"), max_length=20, choices=PersonRole.choices)
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("familienaam"), max_length=100)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    sex = models.CharField(_("geslacht"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    # INSZ or BIS number, 11 digits without separators. Never logged.
    national_number = models.CharField(
        _("rijksregisternummer"), max_length=11, null=True, blank=True, unique=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="persons"
    )

    # Contact details: the contact category of consent (wieg/care/contact.py validates them).
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=10, blank=True)
    box = models.CharField(_("bus"), max_length=10, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=4, blank=True)
    address_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A short ordered list, first the one to try first: [{"number": "+32470123456", "label": "mobile"}].
    # A list of values on the person keeps every list of families one query, and FHIR exports a column.
    phones = models.JSONField(_("telefoonnummers"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_language = models.CharField(_("voorkeurtaal"), max_length=5, default="nl")
    interpreter_needed = models.BooleanField(_("tolk nodig"), default=False)
    interpreter_language = models.CharField(_("taal van de tolk"), max_length=5, blank=True)
    # False when calling or writing could put this person at risk (domestic violence).
    safe_to_contact = models.BooleanField(_("veilig om te contacteren"), default=True)
    contact_note = models.CharField(_("opmerking bij het contact"), max_length=300, blank=True)

    class Meta:
        ordering = ["role", "given_name"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        indexes = [models.Index(fields=["family_name", "birth_date"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class PhoneLabel(models.TextChoices):
    MOBILE = "mobile", _("gsm")
    HOME = "home", _("thuis")
    WORK = "work", _("werk")
    OTHER = "other", _("ander nummer")


class FamilyLanguage(models.TextChoices):
    """Languages families speak at home; parents choose nl, fr or en for Wieg's own pages."""

    NL = "nl", _("Nederlands")
    FR = "fr", _("Frans")
    EN = "en", _("Engels")
    DE = "de", _("Duits")
    AR = "ar", _("Arabisch")
    TR = "tr", _("Turks")
    PL = "pl", _("Pools")
    RO = "ro", _("Roemeens")
    BG = "bg", _("Bulgaars")
    ES = "es", _("Spaans")
    PT = "pt", _("Portugees")
    RU = "ru", _("Russisch")
    UK = "uk", _("Oekraïens")
    FA = "fa", _("Perzisch (Dari, Farsi)")
    PS = "ps", _("Pasjtoe")
    TI = "ti", _("Tigrinya")
    SO = "so", _("Somalisch")
    OTHER = "other", _("andere taal")
