"""National numbers (INSZ) and BIS numbers: 11 digits, mod-97 check, validated with python-stdnum."""

from django.utils.translation import gettext_lazy as _
from stdnum.be import bis, nn
from stdnum.exceptions import ValidationError

from wieg.core.errors import InvalidInput


def clean_national_number(value: str | None, *, field: str = "national_number") -> str | None:
    """The compact 11 digits, or None for an empty value. An invalid number is a field error."""
    if value is None or not str(value).strip():
        return None
    raw = str(value).strip()
    for module in (nn, bis):
        try:
            return module.validate(raw)
        except ValidationError:
            continue
    raise InvalidInput(
        _("Dit is geen geldig rijksregisternummer of BIS-nummer (11 cijfers met controlegetal)."), field=field
    )


def masked(number: str | None) -> str:
    """For screens that confirm which number was used: only the birth date part and the last two digits."""
    if not number:
        return ""
    return f"{number[:6]}-•••-{number[-2:]}"
