"""One pagination for every list of the API: `limit` and `offset`, the same bounds and the same error.

An endpoint takes `page: Query[Pagination]` and calls `paginate(queryset, page)`. Out-of-range values are
refused by validation (422 naming `limit` or `offset`), never clamped in silence and never sent to the
database: an offset beyond a 64-bit integer or a negative one would otherwise reach the SQL.
"""

from ninja import Schema
from pydantic import Field

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Far beyond the longest list (200,000 open trajectories in Flanders; an access log of a few thousand).
MAX_OFFSET = 1_000_000


class Pagination(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"rows per page, 1-{MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"rows to skip, 0-{MAX_OFFSET}")


def paginate(queryset, page: Pagination) -> tuple[int, list]:
    """(total count, the rows of this page)."""
    return queryset.count(), list(queryset[page.offset : page.offset + page.limit])
