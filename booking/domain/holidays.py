"""Dutch public and school holidays, named in the reader's language (the holidays package, country NL)."""
from __future__ import annotations

from datetime import date, timedelta

import holidays

from .schoolholidays import HolidayPeriod

# The holidays package names holidays in English unless asked for another language.
HOLIDAY_LANGUAGES = {"nl": "nl", "en": "en_US"}


def dutch_holidays(first: date, last: date, language: str = "nl") -> dict[date, str]:
    """The Dutch public holidays from `first` to `last` (both included), named in `language`."""
    years = range(first.year, last.year + 1)
    names = holidays.country_holidays("NL", years=years, language=HOLIDAY_LANGUAGES.get(language, "nl"))
    return {d: name for d, name in names.items() if first <= d <= last}


def dutch_school_holidays(region: str, first: date, last: date, language: str = "nl") -> list[HolidayPeriod]:
    """The school holidays of a Dutch region ('noord', 'midden', 'zuid') that share a day with first..last,
    as periods of consecutive days (the package gives single days), named in `language`.

    The package has them for 2014-2030 from the ministry's regulations; the autumn and spring breaks
    are the ministry's advice, which a school may depart from.
    """
    if "school" not in getattr(holidays.NL, "supported_categories", ()):
        return []  # an older package without them: nothing to propose
    names = holidays.country_holidays("NL", subdiv=region.capitalize(), years=range(first.year, last.year + 1),
                                      categories=("school",), language=HOLIDAY_LANGUAGES.get(language, "nl"))
    periods: list[HolidayPeriod] = []
    for day, name in sorted(names.items()):
        if periods and periods[-1].name == name and periods[-1].last + timedelta(days=1) == day:
            periods[-1] = HolidayPeriod(name, periods[-1].first, day)
        else:
            periods.append(HolidayPeriod(name, day, day))
    return [p for p in periods if p.first <= last and p.last >= first]
