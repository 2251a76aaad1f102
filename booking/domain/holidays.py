"""Dutch public holidays, named in the reader's language (the holidays package, country NL)."""
from __future__ import annotations

from datetime import date

import holidays

# The holidays package names holidays in English unless asked for another language.
HOLIDAY_LANGUAGES = {"nl": "nl", "en": "en_US"}


def dutch_holidays(first: date, last: date, language: str = "nl") -> dict[date, str]:
    """The Dutch public holidays from `first` to `last` (both included), named in `language`."""
    years = range(first.year, last.year + 1)
    names = holidays.country_holidays("NL", years=years, language=HOLIDAY_LANGUAGES.get(language, "nl"))
    return {d: name for d, name in names.items() if first <= d <= last}
