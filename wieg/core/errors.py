"""Domain errors that views turn into form errors and the API into problem+json.

Services raise these instead of returning error codes, so that one transaction rolls back as a whole.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 422
    default_title = _("De gegevens zijn niet geldig.")

    def __init__(self, message=None, *, field: str | None = None, errors: dict | None = None):
        self.message = message or self.default_title
        self.errors = dict(errors or {})
        if field:
            self.errors.setdefault(field, []).append(self.message)
        super().__init__(str(self.message))


class InvalidInput(DomainError):
    status = 422


class BadRequest(DomainError):
    """The request itself cannot be read: malformed JSON, nested too deep, a malformed header."""

    status = 400
    default_title = _("Ongeldige aanvraag.")


class ContentTooLarge(DomainError):
    status = 413
    default_title = _("De aanvraag is te groot.")


class UnsupportedMediaType(DomainError):
    status = 415
    default_title = _("Dit inhoudstype wordt niet aanvaard.")


class Conflict(DomainError):
    status = 409
    default_title = _("Dit botst met wat al geregistreerd is.")


class NotFound(DomainError):
    """Missing and forbidden look the same from outside."""

    status = 404
    default_title = _("Niet gevonden.")


class Forbidden(NotFound):
    """Raised by policies; shown as 404 so that a forbidden record does not reveal it exists."""
