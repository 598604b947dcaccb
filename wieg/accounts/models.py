import datetime as dt
import hashlib
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    PROFESSIONAL = "professional", _("zorgverlener")
    PARENT = "parent", _("ouder")
    ANALYST = "analyst", _("beleidsanalist")
    ADMIN = "admin", _("beheerder")
    SYSTEM = "system", _("systeemaccount")


class User(AbstractUser):
    kind = models.CharField(
        _("soort account"), max_length=20, choices=UserKind.choices, default=UserKind.PROFESSIONAL
    )
    preferred_language = models.CharField(
        _("taal"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Set when someone else (an administrator) chose this account's password or removed its second factor:
    # until the owner chose a password and a second factor of their own, the account reaches no data.
    must_choose_password = models.BooleanField(_("moet een eigen wachtwoord kiezen"), default=False)
    must_enrol_second_factor = models.BooleanField(
        _("moet opnieuw tweestapsverificatie instellen"), default=False
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mfa_required_for(user) -> bool:
    """WIEG_REQUIRE_MFA covers professionals and every account that can administer Wieg."""
    return settings.WIEG_REQUIRE_MFA and (
        user.kind in {UserKind.PROFESSIONAL, UserKind.ADMIN} or user.is_staff or user.is_superuser
    )


def on_hold(user) -> bool:
    """An account an administrator changed, until its owner enrolled again."""
    return user.must_choose_password or user.must_enrol_second_factor


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, at=None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=at)

    def authenticate(self, raw: str):
        """The token's owner may use it now: not revoked, not expired, account active and not on hold, and
        with a second factor when MFA is required for them. One query."""
        from allauth.mfa.models import Authenticator

        token = (
            self.usable()
            .select_related("user")
            .annotate(
                has_totp=models.Exists(
                    Authenticator.objects.filter(user=models.OuterRef("user"), type=Authenticator.Type.TOTP)
                )
            )
            .filter(key_hash=_hash(raw))
            .first()
        )
        if token is None or not token.user.is_active or on_hold(token.user):
            return None
        if mfa_required_for(token.user) and not token.has_totp:
            return None
        return token


def _token_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.WIEG_API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for the API. Only its hash is stored; the token is shown once."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("omschrijving"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    expires_at = models.DateTimeField(_("vervalt"), default=_token_expiry)
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.user} {self.label}".strip()

    @classmethod
    def issue(cls, user, label: str = "", days: int | None = None) -> tuple["ApiToken", str]:
        raw = secrets.token_urlsafe(32)
        expires_at = timezone.now() + dt.timedelta(days=days) if days else _token_expiry()
        return cls.objects.create(user=user, key_hash=_hash(raw), label=label, expires_at=expires_at), raw

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "active"


class Notification(models.Model):
    """An in-app message. Text is rendered in the recipient's language when it is created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    # Which family it is about (its name as shown to the recipient), and whether it cannot wait.
    about = models.CharField(max_length=200, blank=True)
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.subject
