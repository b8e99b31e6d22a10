"""English dates, resolved against the publication date and never against the clock.

Explicit dates ("Oct. 23", "9 April", "March 3, 2015", "in March 2019") take their year from
the text or, when it is missing, from the publication date (a day more than a week after it
belongs to the year before). Relative dates ("last Friday", "on Tuesday", "earlier this
month", "late last month", "last July", "the 21st") are resolved here by our own rules, which
are exact and fast; the rarer "two days ago" / "yesterday" forms go to dateparser with
`RELATIVE_BASE` set to the publication date. Anaphoric dates ("the same day", "a few days
later") carry an `anchor` for the assembler. Without a publication date, a bare day or a
weekday stays unresolved, as the codebook asks. Page furniture (photo captions, "Last
updated", alert footers, datelines) yields no date at all.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from refwatch.extract.mentions import DateMention
from refwatch.extract.regex_guard import guarded
from refwatch.types import Precision

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?"
    r"|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?P<day>[12]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19[5-9]\d|20[0-4]\d))"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEARS_LATER = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_SPELLED_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("range", re.compile(
        rf"\bbetween\s+{_MONTH}?\s*{_YEAR}\s+and\s+{_MONTH.replace('?P<month>', '?:')}?\s*(?:19|20)\d\d\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("my", re.compile(
        rf"\b(?:(?P<part>early|mid|late|the\s+end\s+of|the\s+start\s+of)[\s-]+)?{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("md", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?\d)")),
    ("dm", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\s*(?:,\s*)?\d)")),
    ("last_month_name", re.compile(rf"\blast\s+{_MONTH}\b(?!\s+\d)")),
    ("month", re.compile(
        rf"\b(?:(?:in|since|during|by|until|from|of|through|(?P<part>early|mid|late|the\s+end\s+of|the\s+start\s+of"
        rf"|the\s+beginning\s+of|the\s+middle\s+of))(?:[\s-]+(?:early|mid|late))?[\s-]+){_MONTH}\b(?!\s+\d)",
    )),
    ("year", re.compile(
        rf"\b(?i:in|since|during|of|from|until|by|early|late|mid-?|around|before|after|the)\s+{_YEAR}\b"
        r"(?!\s*(?:people|North|defectors))")),
    ("this_month", re.compile(
        r"\b(?P<part>early|earlier|late|later|the\s+start\s+of|the\s+beginning\s+of|the\s+end\s+of)?\s*"
        r"(?:(?P<this>this|last|the\s+previous|the\s+same)\s+month)\b", re.I)),
    ("this_year", re.compile(r"\b(?P<part>early|earlier|late|later)?\s*(?P<this>this|last)\s+year\b", re.I)),
    ("weekday", re.compile(rf"\b(?P<last>last|this\s+past|past)?\s*{_WEEKDAY}\b")),
    ("ordinal_day", re.compile(
        r"\b(?:on\s+)?the\s+(?P<day>[12]?\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:century|anniversary|floor|time))")),
    ("spelled_day", re.compile(
        r"\bon\s+the\s+(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b"
        r"(?!\s+(?:time|day|of|floor))")),
    ("anchor", re.compile(
        r"\b(?P<same>(?:on\s+)?the\s+same\s+(?:day|morning|evening|night|afternoon)|(?:later\s+)?that\s+(?:day"
        r"|morning|evening|night)"
        r"|within\s+hours)|(?P<before>the\s+(?:day|night)\s+before|the\s+previous\s+(?:day|night))"
        r"|(?P<after>the\s+(?:next|following)\s+(?:day|morning)|a\s+day\s+later)"
        r"|(?P<days>(?:two|three|four|five|six|\d)\s+days\s+later)"
        r"|(?P<years>(?:a|one|two|three|four|five)\s+years?\s+later)"
        r"|(?P<later>(?:a\s+few|several)\s+days\s+later|days\s+later|within\s+days"
        r"|(?:a|one|two|three|a\s+few|several)\s+weeks?\s+later)", re.I)),
    ("week", re.compile(
        r"\b(?:(?:early|earlier|late|later)\s+)?(?P<which>last|this|the\s+previous|the\s+past)\s+(?P<unit>week|weekend)\b"
        r"|\b(?:over|during|at)\s+the\s+(?P<unit2>weekend)\b", re.I)),
    ("parsed", re.compile(
        r"\b(?:yesterday|(?:two|three|four|five|six|\d)\s+(?:days|weeks)\s+ago|a\s+week\s+ago)\b", re.I)),
]
# Patterns written case-insensitive are matched on the lower-cased sentence without IGNORECASE, which
# Python's engine runs several times faster; `_IGNORING_CASE` keeps them for sentences whose case mapping
# changes their length.
_IGNORING_CASE = {kind: pattern for kind, pattern in _PATTERNS if pattern.flags & re.IGNORECASE}
# The others get a guard on their first characters (see `regex_guard`): the same matches, found faster.
_PATTERNS = [(kind, pattern if kind in _IGNORING_CASE else guarded(pattern.pattern)) for kind, pattern in _PATTERNS]
_LOWERED = {
    kind: guarded(pattern.pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P="))
    for kind, pattern in _IGNORING_CASE.items()
}
_FURNITURE = re.compile(
    r"^\s*(?:photo|picture|image|file\s+photo|caption|last\s+updated|updated|alert\s+issued|please\s+check|posted"
    r"|published|first\s+published|\(?reporting\s+by|editing\s+by|media\s+contact|filed\s+under|sources?:|comments)\b"
    r"|\|\s*(?:news|national|features|life|culture|world)\s*\|"
    r"|\b(?:taken\s+(?:by\s+me\s+)?in\s+(?:[A-Z][a-z]+\.?\s+)?(?:19|20)\d\d|file\s+photo|\(.*\bfile\)|last\s+updated|posted\s+\d)",
    re.I,
)
_PLAIN_MONTH = _MONTH.replace("?P<month>", "?:")
# Wire datelines: "SEOUL, March 9 (Agency) --", "VLADIVOSTOK, Russia, April 15 (Agency) —", "GENEVA (20 June
# 2019) –", "(Seoul, May 3, 2024) –". Their date is when the copy was filed, never an event date.
_DATELINE = re.compile(
    rf"^[A-Z][A-Z .'/\-]*?(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"
    rf"(?:,\s+{_PLAIN_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?)?\s*\([^)]{{0,60}}\)\s*[-–—]+\s*"
    rf"|^\(\s*[A-Z][A-Za-z .'\-]{{1,30}},\s+(?:{_PLAIN_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_PLAIN_MONTH})(?:,\s+\d{{4}})?"
    rf"\s*\)\s*[-–—]+\s*"
    # "Dec. 2 (UPI) --": a wire's dateline with no city
    rf"|^{_PLAIN_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?\s*\([^)]{{0,60}}\)\s*[-–—]+\s*"
)


_MONTH_HINTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_HINTS: dict[str, tuple[str, ...]] = {
    "range": ("between",), "iso": (), "mdy": (), "dmy": (), "my": _MONTH_HINTS, "md": (), "dm": (),
    "last_month_name": (), "month": (), "year": (), "ordinal_day": (),
    "this_month": ("month",), "this_year": ("year",),
    "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "spelled_day": ("on the",),
    "anchor": ("same ", "that day", "that morning", "that evening", "that night", "within hours", "day before",
               "night before", "previous day", "previous night", "next day", "next morning", "following day",
               "following morning", "day later", "days later", "within days", "week later", "weeks later",
               "year later", "years later"),
    "parsed": ("yesterday", "ago"),
    "week": ("week",),
}
_DIGIT = re.compile(r"\d")
_MAY_PREPOSITION = re.compile(r"(?:in|since|during|by|until|from|of|through)\b")
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_YEAR_KINDS = frozenset({"range", "iso", "mdy", "dmy", "year"})
_ORDINAL_DIGITS = re.compile(r"\d(?:st|nd|rd|th)\b")
# Month names are written with a capital; these kinds match only then, so the hint is read case-sensitively.
_CAPITAL_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_CAPITAL_MONTH_KINDS = frozenset({"md", "dm", "last_month_name", "month"})


@lru_cache(maxsize=4096)
def is_furniture(sentence: str) -> bool:
    """Captions, update stamps, alert footers: their dates are never event dates."""
    return bool(_FURNITURE.search(sentence))


@lru_cache(maxsize=256)
def _base(published: str | None) -> tuple[date | None, bool]:
    """The publication date and whether its day is known."""
    if not published:
        return None, False
    try:
        if len(published) >= 10:
            return date.fromisoformat(published[:10]), True
        if len(published) == 7:
            return date(int(published[:4]), int(published[5:7]), 1), False
        if len(published) == 4:
            return date(int(published), 12, 31), False
    except ValueError:
        return None, False
    return None, False


def _month_number(text: str) -> int:
    return _MONTHS[text.lower().rstrip(".")]


def _month_minus(year: int, month: int, back: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


def _safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year_day(base: date | None, month: int, day: int) -> str | None:
    if base is None:
        return None
    candidate = _safe_day(base.year, month, day)
    if candidate is None:
        return None
    if candidate > base + timedelta(days=7):
        candidate = _safe_day(base.year - 1, month, day)
    return candidate.isoformat() if candidate else None


def _infer_year_month(base: date | None, month: int, *, strictly_before: bool = False) -> str | None:
    if base is None:
        return None
    year = base.year
    if month > base.month or (strictly_before and month == base.month):
        year -= 1
    return f"{year:04d}-{month:02d}"


Resolved = tuple[str | None, Precision, bool, str | None]


def _resolve(kind: str, m: re.Match[str], base: date | None, day_known: bool) -> Resolved:
    """(value, precision, relative, anchor) for one match."""
    g = m.groupdict()
    if kind == "range":
        return None, "unknown", False, None  # a period ("between January 2020 and January 2024"), not a date
    if kind == "iso":
        d = _safe_day(int(g["year"]), int(g["mnum"]), int(g["day"]))
        return (d.isoformat() if d else None), "day", False, None
    if kind in ("mdy", "dmy"):
        d = _safe_day(int(g["year"]), _month_number(g["month"]), int(g["day"]))
        return (d.isoformat() if d else None), "day", False, None
    if kind == "my":
        return f"{int(g['year']):04d}-{_month_number(g['month']):02d}", "month", False, None
    if kind in ("md", "dm"):
        return _infer_year_day(base, _month_number(g["month"]), int(g["day"])), "day", True, None
    if kind == "last_month_name":
        return _infer_year_month(base, _month_number(g["month"]), strictly_before=True), "month", True, None
    if kind == "month":
        return _infer_year_month(base, _month_number(g["month"])), "month", True, None
    if kind == "year":
        return g["year"], "year", False, None
    if kind == "this_month":
        if base is None:
            return None, "unknown", True, None
        this = g["this"].lower()
        if this == "the same":
            return None, "unknown", True, "same_month"
        back = 0 if this == "this" else 1
        year, month = _month_minus(base.year, base.month, back)
        return f"{year:04d}-{month:02d}", "month", True, None
    if kind == "this_year":
        if base is None:
            return None, "unknown", True, None
        back = 0 if g["this"].lower() == "this" else 1
        return f"{base.year - back:04d}", "year", True, None
    if kind == "weekday":
        if base is None or not day_known:
            return None, "unknown", True, None
        target = _WEEKDAYS[g["weekday"].lower()]
        back = (base.weekday() - target) % 7
        if g.get("last") and back == 0:
            back = 7
        return (base - timedelta(days=back)).isoformat(), "day", True, None
    if kind in ("ordinal_day", "spelled_day"):
        if base is None or not day_known:
            return None, "unknown", True, None
        day = int(g["day"]) if kind == "ordinal_day" else _SPELLED_ORDINALS[g["word"].lower()]
        year, month = (base.year, base.month) if day <= base.day else _month_minus(base.year, base.month, 1)
        d = _safe_day(year, month, day)
        return (d.isoformat() if d else None), "day", True, None
    if kind == "anchor":
        if g.get("days"):
            return None, "unknown", True, f"+{number_of_days(g['days'])}"
        if g.get("years"):  # "a year later": the year after the one told before
            return None, "unknown", True, f"+{_YEARS_LATER[g['years'].split()[0].lower()]}y"
        anchor = next(name for name in ("same", "before", "after", "later") if g.get(name))
        return None, "unknown", True, anchor
    if kind == "week":
        return _week(g, base, day_known)
    if kind == "parsed":
        return _dateparser(m.group(0), base, day_known)
    return None, "unknown", False, None


_DAY_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def number_of_days(text: str) -> int:
    word = text.split()[0].lower()
    return int(word) if word.isdigit() else _DAY_WORDS[word]


def _week(g: dict[str, str | None], base: date | None, day_known: bool) -> Resolved:
    """ "last week", "over the weekend": the month, when the whole span lies in one month."""
    if base is None or not day_known:
        return None, "unknown", True, None
    which = (g.get("which") or "").lower()
    monday = base - timedelta(days=base.weekday())
    if g.get("unit2") or (g.get("unit") or "").lower() == "weekend":
        saturday = base - timedelta(days=(base.weekday() - 5) % 7)
        if which in ("last", "the previous", "the past") and saturday == base:
            saturday -= timedelta(days=7)
        first, last = saturday, saturday + timedelta(days=1)
    elif which == "this":
        first, last = monday, base
    else:
        first, last = monday - timedelta(days=7), monday - timedelta(days=1)
    if (first.year, first.month) != (last.year, last.month):
        return None, "unknown", True, None
    return f"{first.year:04d}-{first.month:02d}", "month", True, None


def _dateparser(text: str, base: date | None, day_known: bool) -> Resolved:
    if base is None or not day_known:
        return None, "unknown", True, None
    import dateparser  # loaded on first use: rare forms only

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past"},
    )
    if parsed is None:
        return None, "unknown", True, None
    precision: Precision = "month" if "week" in text.lower() else "day"
    value = parsed.date().isoformat()
    return (value[:7] if precision == "month" else value), precision, True, None


def find_dates(sentence: str, published: str | None) -> list[DateMention]:
    """Every date in `sentence`, leftmost-longest, resolved against `published`."""
    if is_furniture(sentence):
        return []
    base, day_known = _base(published)
    dateline = _DATELINE.match(sentence)
    taken: list[tuple[int, int]] = [(0, dateline.end())] if dateline else []
    found: list[DateMention] = []
    lowered = sentence.lower()
    same_length = len(lowered) == len(sentence)
    present = {kind for kind, hints in _HINTS.items() if any(hint in lowered for hint in hints)}
    if _DIGIT.search(sentence):
        if _YEAR_DIGITS.search(sentence):
            present |= _YEAR_KINDS
        if _ORDINAL_DIGITS.search(sentence):
            present.add("ordinal_day")
    if _CAPITAL_MONTH.search(sentence):
        present |= _CAPITAL_MONTH_KINDS
    for kind, pattern in _PATTERNS:
        if kind not in present:
            continue
        text = sentence
        if kind in _LOWERED and same_length:
            pattern, text = _LOWERED[kind], lowered
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            while start < end and sentence[start].isspace():
                start += 1
            if any(start < e and s < end for s, e in taken):
                continue
            bare_may = m.group("month") == "May" and not m.group("part") if kind == "month" else False
            if bare_may and not _MAY_PREPOSITION.match(m.group(0)):
                continue  # "they may be returned" is no month
            value, precision, relative, anchor = _resolve(kind, m, base, day_known)
            taken.append((start, end))
            found.append(DateMention(start, end, sentence[start:end], value, precision, relative, anchor))
    found.sort(key=lambda d: d.start)
    return found
