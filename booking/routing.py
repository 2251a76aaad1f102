"""The URL converter of ids, for pages and API alike: numbers no id can have answer 404, not an overflow."""
from __future__ import annotations

from werkzeug.routing import BaseConverter

from .domain.ids import MAX_ID

# What a number beyond any id becomes: no row has it, so the lookup answers 404 as for any unknown id.
NO_ID = 0


class IdConverter(BaseConverter):
    """`<id:booking_id>`: digits, read as an id; a number past MAX_ID becomes NO_ID.

    Refusing such numbers in the converter instead would make werkzeug answer 405 where a rule of
    another method has the same path (DELETE /api/v1/bookings/99999999999 against its GET rule).
    """

    regex = r"\d+"
    part_isolating = True
    weight = 50

    def to_python(self, value: str) -> int:
        number = int(value)
        return number if number <= MAX_ID else NO_ID

    def to_url(self, value) -> str:
        return str(int(value))


def install(app) -> None:
    """Make `<id:...>` known to the app's URL map (before any blueprint registers its routes)."""
    app.url_map.converters["id"] = IdConverter
