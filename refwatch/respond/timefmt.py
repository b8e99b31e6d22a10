"""Saying when something happens the way people say it: "tomorrow, 1–2 p.m.", "내일 오후 1~2시".

Times are always shown in the event's own time zone, with the zone named, because a
supporter abroad reading "1 p.m." must not turn up at the wrong hour.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from refwatch.respond.words import language

WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_KO = ("월", "화", "수", "목", "금", "토", "일")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def _local(moment: datetime, tz_name: str) -> datetime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(tz_name))


def _clock_en(moment: datetime, *, with_half: bool = True) -> str:
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    half = (" a.m." if moment.hour < 12 else " p.m.") if with_half else ""
    return f"{hour}{minutes}{half}"


def _clock_ko(moment: datetime, *, with_half: bool = True) -> str:
    hour = moment.hour % 12 or 12
    minutes = f" {moment.minute}분" if moment.minute else ""
    half = ("오전 " if moment.hour < 12 else "오후 ") if with_half else ""
    return f"{half}{hour}시{minutes}"


def time_range(start: datetime, end: datetime, lang: str) -> str:
    """'1–2 p.m.', '11 a.m.–1 p.m.', '오후 1~2시' for two local times on one day."""
    same_half = (start.hour < 12) == (end.hour < 12)
    if language(lang) == "ko":
        first = _clock_ko(start)
        second = _clock_ko(end, with_half=not same_half)
        if same_half and not start.minute:
            first = first[:-1]  # "오후 1~2시" rather than "오후 1시~2시"
        return f"{first}~{second}"
    return f"{_clock_en(start, with_half=not same_half)}–{_clock_en(end)}"


def _day(local: datetime, today: datetime, lang: str, *, relative: bool) -> str:
    ko = language(lang) == "ko"
    delta = (local.date() - today.date()).days
    if relative and delta == 0:
        return "오늘" if ko else "today"
    if relative and delta == 1:
        return "내일" if ko else "tomorrow"
    if relative and 1 < delta < 7:
        return f"{WEEKDAYS_KO[local.weekday()]}요일" if ko else f"on {WEEKDAYS_EN[local.weekday()]}"
    if ko:
        return f"{local.year}년 {local.month}월 {local.day}일({WEEKDAYS_KO[local.weekday()]})"
    return f"{WEEKDAYS_EN[local.weekday()]} {local.day} {MONTHS_EN[local.month - 1]} {local.year}"


def zone_label(tz_name: str, lang: str) -> str:
    if language(lang) == "ko":
        return "현지 시각"
    city = tz_name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time"


def when(start: datetime, end: datetime, tz_name: str, *, lang: str, now: datetime | None = None) -> str:
    """When an event happens, relative to `now` if given ("tomorrow, 1–2 p.m. (Seoul time)")."""
    local_start, local_end = _local(start, tz_name), _local(end, tz_name)
    today = _local(now, tz_name) if now is not None else local_start - timedelta(days=30)
    relative = now is not None
    zone_note = f" ({zone_label(tz_name, lang)})"
    if local_start.date() == local_end.date():
        day = _day(local_start, today, lang, relative=relative)
        return f"{day} {time_range(local_start, local_end, lang)}{zone_note}" if language(lang) == "ko" else \
            f"{day}, {time_range(local_start, local_end, lang)}{zone_note}"
    clock = _clock_ko if language(lang) == "ko" else _clock_en
    first = f"{_day(local_start, today, lang, relative=relative)} {clock(local_start)}"
    last = f"{_day(local_end, today, lang, relative=relative)} {clock(local_end)}"
    return f"{first} – {last}{zone_note}"


def utc(moment: datetime) -> datetime:
    """An aware UTC time; SQLite hands stored times back naive (they are stored in UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
