"""The hand-assembled dates of booking/i18n.py say exactly what Babel's patterns say, in both languages."""
from datetime import UTC, date, datetime, timedelta

import pytest
from babel.dates import format_date, format_datetime
from flask_babel import force_locale

from booking import i18n

DAYS_2027 = [date(2027, 1, 1) + timedelta(days=i) for i in range(365)]


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_day_of_a_year_is_written_as_babel_writes_it(language):
    words = i18n.date_words(language)
    for d in DAYS_2027:
        assert words.day(d) == format_date(d, "EEE d MMM y", locale=language)
        assert words.long_day(d) == format_date(d, "EEEE d MMMM y", locale=language)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_moments_on_the_dst_days_are_local_and_as_babel_writes_them(app, language):
    zone = "Europe/Amsterdam"
    moments = [datetime(2027, 3, 28, 0, 30, tzinfo=UTC) + timedelta(minutes=30 * i) for i in range(8)]
    moments += [datetime(2027, 10, 30, 23, 30, tzinfo=UTC) + timedelta(minutes=30 * i) for i in range(8)]
    with app.test_request_context("/"), force_locale(language):
        for m in moments:
            local = m.astimezone(i18n.zone_of(zone))
            assert i18n.when(m, zone) == format_datetime(local, "EEE d MMM y, HH:mm", locale=language)
            assert i18n.clock(m, zone) == format_datetime(local, "HH:mm", locale=language)


def test_the_catalogue_follows_force_locale_within_one_request(app):
    with app.test_request_context("/"):
        with force_locale("nl"):
            assert i18n.locale_name() == "nl"
            assert i18n.translations().ugettext("cancelled") == "geannuleerd"
        with force_locale("en"):
            assert i18n.locale_name() == "en"
            assert i18n.translations().ugettext("cancelled") == "cancelled"


@pytest.mark.parametrize("language, one, several", [
    ("nl", "zo 28 mrt 2027, hele dag", "za 30 okt 2027 t/m ma 1 nov 2027, hele dagen"),
    ("en", "Sun 28 Mar 2027, whole day", "Sat 30 Oct 2027 to Mon 1 Nov 2027, whole days")])
def test_a_closure_from_midnight_to_midnight_is_written_as_whole_days_also_on_dst_days(app, language, one, several):
    zone = "Europe/Amsterdam"
    amsterdam = i18n.zone_of(zone)
    midnight = lambda d: datetime.combine(d, datetime.min.time(), amsterdam).astimezone(UTC)  # noqa: E731
    with app.test_request_context("/"), force_locale(language):
        # 28 March 2027 has 23 hours, 31 October 25: still one whole day, three whole days.
        assert i18n.period(midnight(date(2027, 3, 28)), midnight(date(2027, 3, 29)), zone) == one
        assert i18n.period(midnight(date(2027, 10, 30)), midnight(date(2027, 11, 2)), zone) == several
        # Anything else is written as a span of two moments.
        start, end = midnight(date(2027, 3, 28)), midnight(date(2027, 3, 28)) + timedelta(hours=12)
        assert i18n.period(start, end, zone) == i18n.span(start, end, zone)
