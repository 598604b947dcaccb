"""Input that no channel may take in: what the API, FHIR and the pages all check the same way.

- A NUL byte in any text: PostgreSQL cannot store it in a text column and refuses it even in a filter,
  so it is refused at the door with the field named (422).
- A lone surrogate (`"\\ud800"` in JSON): not encodable as UTF-8, so neither database can store it.
- JSON only with a JSON content type, nested at most MAX_JSON_DEPTH deep (the deepest Wieg document, a FHIR
  Bundle with nested extensions, is about 12 levels); deeper is refused before anything recurses over it.
- Dates inside a plausible envelope (PLAUSIBLE_DATES); each field narrows it in its service.
"""

import datetime as dt
import json
import re
import uuid
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from pydantic import Field

from .errors import BadRequest, InvalidInput, UnsupportedMediaType

MAX_JSON_DEPTH = 64

# No date Wieg records lies outside these: the national number (INSZ) only encodes births from 1900 to
# 2099 (domain-facts 7), and a trajectory ends at day 1000. Date arithmetic near year 1 or 9999 overflows.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
PLAUSIBLE_DATES = f"{EARLIEST_DATE.isoformat()} .. {LATEST_DATE.isoformat()}"

ApiDate = Annotated[dt.date, Field(ge=EARLIEST_DATE, le=LATEST_DATE, description=PLAUSIBLE_DATES)]

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def one_of(choices) -> Any:
    """`Literal[...]` of a TextChoices' values: validated, and an enum in the OpenAPI document."""
    return Literal[tuple(choices.values)]


def unstorable(text: str) -> bool:
    return bool(_UNSTORABLE.search(text))


def unstorable_message() -> str:
    return _("Dit veld bevat een teken dat niet bewaard kan worden (een NUL-byte of een ongeldig teken).")


def _field(path: list) -> str:
    shown = [_UNSTORABLE.sub("?", str(part)) for part in path]
    return ".".join(shown) or "body"


def find_unstorable(data: Any) -> str | None:
    """The path ('members.0.given_name') of the first key or string that cannot be stored, or None."""
    stack: list[tuple[list, Any]] = [([], data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if unstorable(value):
                return _field(path)
        elif isinstance(value, dict):
            for key, item in value.items():
                if unstorable(str(key)):
                    return _field([*path, key])
                stack.append(([*path, key], item))
        elif isinstance(value, list):
            stack.extend(([*path, index], item) for index, item in enumerate(value))
    return None


def json_depth(data: Any) -> int:
    deepest = 0
    stack = [(1, data)]
    while stack:
        depth, value = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                return depth
            items = value.values() if isinstance(value, dict) else value
            stack.extend((depth + 1, item) for item in items)
    return deepest


def is_json_content_type(content_type: str | None) -> bool:
    main = (content_type or "").split(";")[0].strip().lower()
    return main == "application/json" or (main.startswith("application/") and main.endswith("+json"))


def parse_json(body: bytes, content_type: str | None = None, *, check_type: bool = True) -> Any:
    """The JSON of a request body, or a DomainError saying what is wrong with it (400, 415 or 422)."""
    if check_type and not is_json_content_type(content_type):
        raise UnsupportedMediaType(
            _("Stuur JSON met Content-Type: application/json (ontvangen: %(type)s).")
            % {"type": (content_type or "-")[:100]}
        )
    try:
        data = json.loads(body)
    except RecursionError:
        raise BadRequest(_("De JSON is te diep genest.")) from None
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(_("De body is geen geldige JSON.")) from None
    if json_depth(data) > MAX_JSON_DEPTH:
        raise BadRequest(_("De JSON is te diep genest (hoogstens %(n)s niveaus).") % {"n": MAX_JSON_DEPTH})
    field = find_unstorable(data)
    if field is not None:
        raise InvalidInput(unstorable_message(), field=field)
    return data


def uuid_or_none(value) -> uuid.UUID | None:
    """An id from a query string or a form as a UUID, or None when it is not one (a lookup of a malformed id
    finds nothing, it does not fail)."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
