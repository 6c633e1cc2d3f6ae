"""A call's deadline, as pure functions the applications side imports: whether a call takes a
submission at a moment (by time, whatever a periodic close has done yet), and its closing time
written in the reader's zone and in the call's own zone, each with its short name (ICT, JST,
KST), formatted by Babel for the reader's locale."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime, get_date_format, get_datetime_format, get_time_format

from vstid.core.models import as_utc
from vstid.programs.calls.models import Call, CallStatus

__all__ = [
    "CALL_ZONES",
    "ZONE_BY_LOCALE",
    "accepts_submissions",
    "deadline_in_zones",
    "effective_close",
    "format_in_zone",
    "reader_zone",
    "zone_abbreviation",
]

# The zones a call may be set in, with the short names readers know them by.
CALL_ZONES: dict[str, str] = {
    "Asia/Ho_Chi_Minh": "ICT",
    "Asia/Tokyo": "JST",
    "Asia/Seoul": "KST",
}
# A reader's zone when none is known: the zone of the country whose language they read.
ZONE_BY_LOCALE: dict[str, str] = {
    "vi": "Asia/Ho_Chi_Minh",
    "ja": "Asia/Tokyo",
    "ko": "Asia/Seoul",
    "en": "Asia/Ho_Chi_Minh",
}


def effective_close(call: Call) -> datetime:
    """The last moment a submission is accepted: the closing time plus the grace minutes."""
    return as_utc(call.closes_at) + timedelta(minutes=call.grace_minutes or 0)


def accepts_submissions(call: Call, now: datetime) -> bool:
    """True when the call is open and `now` lies between its opening and its closing time plus
    grace (both ends included)."""
    if call.status != CallStatus.open.value:
        return False
    return as_utc(call.opens_at) <= as_utc(now) <= effective_close(call)


def reader_zone(locale: str, zone: str | None = None) -> str:
    """The reader's zone: the one given if it is a known IANA name, else the locale's."""
    if zone:
        try:
            ZoneInfo(zone)
            return zone
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZONE_BY_LOCALE.get(locale, "Asia/Ho_Chi_Minh")


def zone_abbreviation(zone: str, moment: datetime) -> str:
    """ICT, JST, KST; another zone by its own abbreviation ("+07" style when it has none)."""
    if zone in CALL_ZONES:
        return CALL_ZONES[zone]
    return as_utc(moment).astimezone(ZoneInfo(zone)).tzname() or zone


@lru_cache(maxsize=8)
def _minutes_pattern(locale: str) -> str:
    """The locale's medium date and short time joined the locale's way, without seconds."""
    joined = str(get_datetime_format("medium", locale=locale))
    time, day = get_time_format("short", locale=locale), get_date_format("medium", locale=locale)
    return joined.replace("{0}", time.pattern).replace("{1}", day.pattern)


def format_in_zone(moment: datetime, zone: str, locale: str, *, time_only: bool = False) -> str:
    """A stored moment in `zone`, Babel-formatted for `locale`, followed by the zone's short
    name: vi "17:00 1 thg 3, 2027 JST"; with time_only, "17:00 JST"."""
    pattern = str(get_time_format("short", locale=locale).pattern) if time_only else None
    text = format_datetime(
        as_utc(moment),
        pattern or _minutes_pattern(locale),
        tzinfo=ZoneInfo(zone),
        locale=locale,
    )
    return f"{text} {zone_abbreviation(zone, moment)}"


def deadline_in_zones(call: Call, reader_zone: str, locale: str) -> tuple[str, str]:
    """The closing time (without grace) in the reader's zone and in the call's zone:
    ("15:00 1 thg 3, 2027 ICT", "17:00 1 thg 3, 2027 JST") for a vi reader of a Tokyo call."""
    return (
        format_in_zone(call.closes_at, reader_zone, locale),
        format_in_zone(call.closes_at, call.timezone, locale),
    )
