"""Invitations: how a parent or co-parent gets an account linked to her or his person in the family."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wieg.care.models import Person, PersonRole, Trajectory
from wieg.core.models import PublicIdModel
from wieg.directory.models import Organisation, Professional

# Letters are typed over by hand: no 0/O, 1/I/L. 12 symbols of 32 are 60 bits, ample for 7 days.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
INVITABLE_ROLES = (PersonRole.PREGNANT_PARENT, PersonRole.CO_PARENT, PersonRole.CAREGIVER)


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    """What a parent types, with or without dashes or spaces, in any case: the 12 symbols."""
    return "".join(c for c in str(code).upper() if c.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def is_well_formed(code: str) -> bool:
    compact = normalise_code(code)
    return len(compact) == CODE_LENGTH and all(c in CODE_ALPHABET for c in compact)


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("sms")
    LETTER = "letter", _("brief met code")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("uitnodiging", "open")
    ACCEPTED = "accepted", pgettext_lazy("uitnodiging", "aanvaard")
    REVOKED = "revoked", pgettext_lazy("uitnodiging", "ingetrokken")
    EXPIRED = "expired", pgettext_lazy("uitnodiging", "verlopen")


class InvitationQuerySet(models.QuerySet):
    def pending(self, at=None):
        at = at or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=at)


class Invitation(PublicIdModel):
    """One invitation of one person of a family, single use. Only the hash of its code is stored."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    # The e-mail address or phone number (E.164) it went to: contact data, shown to the coordinator only.
    sent_to = models.CharField(max_length=254, blank=True)
    language = models.CharField(_("taal"), max_length=5, choices=settings.LANGUAGES)
    code_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        indexes = [models.Index(fields=["trajectory", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked",
            )
        ]

    def __str__(self) -> str:
        return str(self.public_id)

    def status_on(self, at=None) -> str:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= (at or timezone.now()):
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return InvitationStatus(self.status).label
