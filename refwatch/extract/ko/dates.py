"""Korean dates, resolved against the publication date by our own rules (never the clock).

Wire copy dates events relative to the day it is sent: "지난 20일" (or "20일" alone) is the
most recent 20th, "오는 20일" the next one, "지난달 9일", "이달 초" (month precision), "지난해 10월",
"5월 10일" (this year unless that is still to come), "어제(3일)" (the day in brackets wins).
Expressions that count from a date told before ("같은 날", "전날", "이튿날", "같은 달 12일")
take that date when it stands earlier in the same sentence, and otherwise come out with
value None and an `anchor` ("same", "before", "after", "later") for the assembler. Two days
of one event ("지난 8일과 12일") give the month. Photo captions, send-time notes (※ … 최초
송고) and "입력/수정" stamps are page furniture and yield no date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from refwatch.extract.mentions import DateMention
from refwatch.extract.regex_guard import guarded

_PART = r"(?:\s?(?P<part>초순|초|중순|하순|말|께|들어))?"
_MORE_DAYS = r"(?P<more>(?:\s?(?:과|와|·|,|∼|~|〜|-|–|부터|에서)\s?\d{1,2}\s?일(?:까지|사이)?)+)?"
# A duration or distance in days ("사흘간", "3일 동안", "10일 정도", "3일 전"), not a day of the month.
# After a space only whole words count: "26일 여성 3명이", "3일 전남 목포에서", "26일 치앙라이주에서" are days.
_NOT_DURATION = (
    r"(?!(?:간|동안|째|만에|만|치|분|이내|이상|전|후|뒤|마다|씩|여|가량|쯤|정도)"
    r"|\s(?:동안|만에|이내|이상|마다|가량|쯤|정도|째|씩|(?:만|치|분|간|여)(?![가-힣])"
    r"|(?:전|후|뒤)(?:에|부터|까지|쯤|께)?(?![가-힣])))"
)
_DAY = rf"(?P<d>\d{{1,2}})(?P<range>\s?[∼~〜\-–]\s?\d{{1,2}})?\s?일{_NOT_DURATION}"
_REL_MONTH = r"(?P<rel>지난달|지난\s달|이달|이번\s?달|다음\s?달|같은\s달|그달|전달(?![하해했한할되돼된받]))"
_REL_YEAR = r"(?P<rel>지난해|지난\s해|작년|올해|금년|재작년|내년|그해|같은\s해|올(?=\s?\d{1,2}\s?월))"
_WEEKDAYS = "월화수목금토일"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("full", guarded(rf"(?<!\d)(?P<y>(?:19|20)\d\d)\s?년\s?(?P<m>\d{{1,2}})\s?월\s?{_DAY}{_MORE_DAYS}")),
    ("full", guarded(r"(?<![\d.])(?P<y>(?:19|20)\d\d)[.\-/]\s?(?P<m>\d{1,2})[.\-/]\s?(?P<d>\d{1,2})(?![\d])")),
    ("year_month", guarded(rf"(?<!\d)(?P<y>(?:19|20)\d\d)\s?년\s?(?P<m>\d{{1,2}})\s?월(?!\s?\d){_PART}")),
    ("rel_year_month", guarded(rf"{_REL_YEAR}\s?(?P<m>\d{{1,2}})\s?월(?:\s?{_DAY}{_MORE_DAYS}|(?!\s?\d){_PART})")),
    ("month_day", guarded(rf"(?:(?P<dir>지난|오는)\s?)?(?<![\d∼~〜\-–])(?P<m>\d{{1,2}})\s?월\s?{_DAY}{_MORE_DAYS}")),
    ("month", guarded(rf"(?:(?P<dir>지난|오는)\s?)?(?<![\d∼~〜\-–.])(?P<m>\d{{1,2}})\s?월(?!\s?\d|간|분){_PART}")),
    ("year", guarded(r"(?<![\d.])(?P<y>(?:19|20)\d\d)\s?년(?!\s?(?:대|생|형|간|치|만에|도\s?예산))(?:\s?[초말])?")),
    ("rel_month_day", guarded(rf"{_REL_MONTH}\s?{_DAY}{_MORE_DAYS}")),
    ("rel_month", guarded(rf"{_REL_MONTH}{_PART}")),
    ("rel_year", guarded(rf"{_REL_YEAR}(?:\s?(?P<part>초|말|상반기|하반기))?")),
    ("rel_year", guarded(r"(?P<rel>지난해|지난\s해|작년|지난)\s?연(?P<part>말)")),  # "지난 연말": late last year
    ("day", guarded(rf"(?:(?P<dir>지난|오는|이번)\s?)?(?<![\d.,∼~〜\-–])(?<!제){_DAY}{_MORE_DAYS}")),
    ("weekday", guarded(rf"(?:(?P<week>지난주|지난\s주|이번\s?주|지난|오는)\s?)?(?P<wd>[{_WEEKDAYS}])요일")),
    ("week", guarded(r"(?P<week>지난주|지난\s주|이번\s?주)(?P<weekend>\s?말)?(?!\s?[월화수목금토일]요일)")),
    # "한 달 전", "석 달 전", "3개월 전": counted back from the report's date, to the month
    ("months_ago", guarded(
        r"(?<![가-힣\d])(?P<n>한|두|석|세|넉|네|\d{1,2})\s?(?:달|개월)\s?(?:전|前)(?:에|쯤)?(?![가-힣])"
    )),
    ("relative", guarded(
        r"(?P<word>어제|그제|그저께|오늘|이날|전날|전일|이튿날|다음\s?날|익일|같은\s날|당일|그날|하루\s(?:뒤|후)"
        r"|현장에서|그\s자리에서"  # "현장에서 체포됐다": at the scene, on the day told before
        r"|(?:이틀|사흘|나흘|닷새|엿새|일주일|열흘|며칠|수일|몇\s?일)\s?(?:뒤|후|만에)"
        r"|(?:이틀|사흘|나흘|닷새|엿새|일주일|열흘)\s?전(?![가-힣]))"
        r"(?!\s?(?:인\s?\d{1,2}\s?일|\(\s?\d{1,2}\s?일))"
    )),
)
# What each kind needs in the sentence before its pattern is worth trying: digits, or one of its words.
_NEEDS_DIGITS = frozenset(
    {"full", "year_month", "rel_year_month", "month_day", "month", "year", "rel_month_day", "day"}
)
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "months_ago": ("달 전", "달전", "개월"),
    "rel_month": ("달",),
    "rel_year": ("해", "작년", "금년", "내년", "올", "연말"),
    "weekday": ("요일",),
    "week": ("주",),
    "relative": ("어제", "그제", "그저께", "오늘", "이날", "전날", "전일", "이튿날", "날", "익일", "하루", "이틀",
                 "사흘", "나흘", "닷새", "엿새", "일주일", "열흘", "며칠", "수일", "몇", "현장", "자리"),
}
_DIGIT = re.compile(r"\d")
_RELATIVE_DAYS = {"어제": -1, "그제": -2, "그저께": -2, "오늘": 0, "이날": 0}
_ANCHORS = {"전날": "before", "전일": "before", "이튿날": "after", "다음날": "after", "다음 날": "after",
            "익일": "after", "하루 뒤": "after", "하루 후": "after", "같은 날": "same", "당일": "same", "그날": "same",
            "현장에서": "same", "그 자리에서": "same"}
_MONTHS_BACK = {"한": 1, "두": 2, "석": 3, "세": 3, "넉": 4, "네": 4}
_ANCHOR_OFFSETS = {"before": -1, "same": 0, "after": 1}
_COUNTED_DAYS = {"이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "일주일": 7, "열흘": 10}
_YEAR_OFFSETS = {"지난": -1, "지난해": -1, "지난 해": -1, "작년": -1, "올해": 0, "금년": 0, "올": 0, "재작년": -2,
                 "내년": 1}
_MONTH_OFFSETS = {"지난달": -1, "지난 달": -1, "전달": -1, "이달": 0, "이번 달": 0, "이번달": 0, "그달": 0,
                  "다음 달": 1, "다음달": 1}
_FURNITURE = re.compile(
    r"^\s*(?:\[?사진\]?|\(사진|※|ⓒ|©|copyright|저작권|기사\s?입력|입력\s?:?\s?\d|최종\s?수정|수정\s?:?\s?\d|업데이트\s?\d)"
    r"|자료\s?사진|최초\s?송고|무단\s?전재|재배포\s?금지|사진\s?=|제공\s?=|캡처\s?=|\[사진\s?출처",
    re.I,
)
_SPACES = re.compile(r"\s+")
# A bracketed dateline opening a sentence: "[북방뉴스 2023.08.03]", "(서울=누리통신 2024.5.2)".
_DATELINE = re.compile(r"^\W{0,3}[\[(【〔][^\])】〕\n]{1,40}[\])】〕]")
_PUBLISHED = re.compile(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?\s*")


@dataclass(frozen=True, slots=True)
class _Published:
    year: int
    month: int | None
    day: int | None

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.month and self.day else None


def find_dates(sentence: str, published: str | None) -> list[DateMention]:
    base = _parse_published(published)
    found = [m for kind, match in date_expressions(sentence) if (m := _resolve(kind, match, base)) is not None]
    return _anchor_in_sentence(found, base)


@lru_cache(maxsize=256)
def date_expressions(sentence: str) -> tuple[tuple[str, re.Match[str]], ...]:
    """The date expressions of a sentence, in order, before any resolution.

    Cached by sentence: the trigger finder (which only needs where dates are) and the pipeline
    (which resolves them against the publication date) both ask. An impossible date ("13월 2일")
    still occupies its words, so that "2일" alone is not read out of it.
    """
    if _FURNITURE.search(sentence):
        return ()
    found: list[tuple[str, re.Match[str]]] = []
    dateline = _DATELINE.match(sentence)  # "[북방뉴스 2023.08.03]": when the copy was filed
    if dateline:
        found.append(("dateline", dateline))
    digits = bool(_DIGIT.search(sentence))
    for kind, pattern in _PATTERNS:
        if not (digits and kind in _NEEDS_DIGITS) and not any(word in sentence for word in _KIND_WORDS.get(kind, ())):
            continue
        for m in pattern.finditer(sentence):
            if not any(m.start() < other.end() and other.start() < m.end() for _, other in found):
                found.append((kind, m))
    found.sort(key=lambda item: item[1].start())
    return tuple(item for item in found if item[0] != "dateline")


def _parse_published(published: str | None) -> _Published | None:
    match = _PUBLISHED.fullmatch(published or "")
    if match is None:
        return None
    month, day = (int(g) if g else None for g in match.group(2, 3))
    return _Published(int(match.group(1)), month, day)


def _resolve(kind: str, m: re.Match[str], base: _Published | None) -> DateMention | None:
    g = m.groupdict()
    if kind == "full":
        return _day_mention(m, int(g["y"]), int(g["m"]), int(g["d"]), relative=False)
    if kind in ("year_month", "year"):
        month = int(g["m"]) if kind == "year_month" else None
        return _month_mention(m, int(g["y"]), month, relative=False)
    if kind == "relative":
        return _relative_mention(m, base)
    if base is None:
        return DateMention(m.start(), m.end(), m.group(0), None, "unknown", relative=True)
    if kind == "weekday":
        return _weekday_mention(m, base)
    if kind == "months_ago":
        n = g["n"] or ""
        back = int(n) if n.isdigit() else _MONTHS_BACK.get(n, 0)
        if base.month is None or not back:
            return DateMention(m.start(), m.end(), m.group(0), None, "unknown", relative=True)
        year, month = _shift_month(base.year, base.month, -back)
        return _month_mention(m, year, month, relative=True)
    if kind == "week":
        return _week_mention(m, base)
    year, month = _year_month(kind, g, base)
    if month is None:
        return _month_mention(m, year, None, relative=True)
    if g.get("d") is None:
        return _month_mention(m, year, month, relative=True)
    return _day_mention(m, year, month, int(g["d"]), relative=True)


def _year_month(kind: str, g: dict[str, str | None], base: _Published) -> tuple[int, int | None]:
    """Year and month a relative expression points to; month None for a whole year."""
    rel = _SPACES.sub(" ", g.get("rel") or "")
    if kind in ("rel_year_month", "rel_year"):
        year = base.year + _YEAR_OFFSETS.get(rel, 0)
        month_text = g.get("m")
        return year, (int(month_text) if month_text else None)
    if kind in ("rel_month_day", "rel_month"):
        if rel in ("같은 달",):
            return base.year, base.month  # resolved against an earlier date by _anchor_in_sentence
        return _shift_month(base.year, base.month or 1, _MONTH_OFFSETS.get(rel, 0))
    direction = g.get("dir")
    if kind in ("month_day", "month"):
        month = int(g["m"] or 0)
        day_text = g.get("d")
        return _year_of(month, int(day_text) if day_text else None, base, direction), month
    day = int(g["d"] or 0)
    month = base.month or 1
    if base.day is None or direction == "이번":
        return base.year, month
    if direction == "오는":
        return _shift_month(base.year, month, 1) if day < base.day else (base.year, month)
    # "지난 28일" and a bare "28일" both mean the last 28th: copy tells past events, and a
    # coming day is written "오는 28일" (a plan, not an event, if the writer drops "오는").
    return _shift_month(base.year, month, -1) if day > base.day else (base.year, month)


def _year_of(month: int, day: int | None, base: _Published, direction: str | None) -> int:
    """The year of a month (and day) written without one: the last such date, or one soon to come."""
    if base.month is None:
        return base.year
    here = (base.month, base.day or 31)
    there = (month, day or 1)
    if direction == "오는":
        return base.year if there >= (base.month, base.day or 1) else base.year + 1
    if direction == "지난":
        return base.year if there < here or (day is None and month < base.month) else base.year - 1
    if there <= here:
        return base.year
    return base.year if month - base.month <= 2 else base.year - 1


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + offset
    return index // 12, index % 12 + 1


def _day_mention(m: re.Match[str], year: int, month: int, day: int, *, relative: bool) -> DateMention | None:
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    if m.groupdict().get("more") or m.groupdict().get("range"):  # days of one event: the month they share
        return DateMention(m.start(), m.end(), m.group(0), f"{year:04d}-{month:02d}", "month", relative)
    return DateMention(m.start(), m.end(), m.group(0), f"{year:04d}-{month:02d}-{day:02d}", "day", relative)


def _month_mention(m: re.Match[str], year: int, month: int | None, *, relative: bool) -> DateMention | None:
    """A month ("이달 초", "지난해 10월") or, with no month, a year ("2007년", "지난해")."""
    if month is None:
        return DateMention(m.start(), m.end(), m.group(0), f"{year:04d}", "year", relative)
    if not 1 <= month <= 12:
        return None
    return DateMention(m.start(), m.end(), m.group(0), f"{year:04d}-{month:02d}", "month", relative)


def _relative_mention(m: re.Match[str], base: _Published | None) -> DateMention:
    word = _SPACES.sub(" ", m.group("word"))
    anchor = _ANCHORS.get(word) or _ANCHORS.get(word.replace(" ", ""))
    counted = _COUNTED_DAYS.get(word.split(" ")[0].rstrip("뒤후만에전 "))
    if counted is not None and word.endswith("전"):
        # "사흘 전": counted back from the report's date, like "그제"
        today = base.as_date() if base else None
        if today is None:
            return DateMention(m.start(), m.end(), m.group(0), None, "unknown", relative=True)
        value = (today - timedelta(days=counted)).isoformat()
        return DateMention(m.start(), m.end(), m.group(0), value, "day", relative=True)
    if anchor is None and counted is not None and not word.endswith("만에"):
        anchor = f"+{counted}"  # "나흘 뒤": four days after the date told before
    if anchor is None and word not in _RELATIVE_DAYS:
        anchor = "later"
    if anchor is not None:
        return DateMention(m.start(), m.end(), m.group(0), None, "unknown", relative=True, anchor=anchor)
    today = base.as_date() if base else None
    if today is None:
        return DateMention(m.start(), m.end(), m.group(0), None, "unknown", relative=True)
    day = today + timedelta(days=_RELATIVE_DAYS[word])
    return DateMention(m.start(), m.end(), m.group(0), day.isoformat(), "day", relative=True)


def _weekday_mention(m: re.Match[str], base: _Published) -> DateMention:
    today = base.as_date()
    if today is None:
        return DateMention(m.start(), m.end(), m.group(0), None, "unknown", relative=True)
    wanted = _WEEKDAYS.index(m.group("wd"))
    week = _SPACES.sub(" ", m.group("week") or "")
    if week in ("지난주", "지난 주"):
        day = today - timedelta(days=today.weekday() + 7) + timedelta(days=wanted)
    elif week in ("이번 주", "이번주"):
        day = today - timedelta(days=today.weekday()) + timedelta(days=wanted)
    elif week == "오는":
        day = today + timedelta(days=(wanted - today.weekday()) % 7 or 7)
    else:
        back = (today.weekday() - wanted) % 7
        day = today - timedelta(days=back or (7 if week == "지난" else 0))
    return DateMention(m.start(), m.end(), m.group(0), day.isoformat(), "day", relative=True)


def _week_mention(m: re.Match[str], base: _Published) -> DateMention:
    """"지난주", "이번 주", "지난 주말": the month, when the whole week lies in one."""
    today = base.as_date()
    if today is None:
        return DateMention(m.start(), m.end(), m.group(0), None, "unknown", relative=True)
    monday = today - timedelta(days=today.weekday() + (0 if "이번" in m.group("week") else 7))
    first = monday + timedelta(days=5) if m.group("weekend") else monday
    last = min(monday + timedelta(days=6), today)
    if (first.year, first.month) != (last.year, last.month):
        return DateMention(m.start(), m.end(), m.group(0), None, "unknown", relative=True)
    return DateMention(m.start(), m.end(), m.group(0), f"{first.year:04d}-{first.month:02d}", "month", relative=True)


def _anchor_in_sentence(found: list[DateMention], base: _Published | None = None) -> list[DateMention]:
    """Resolve "전날", "이튿날", "같은 날" and "같은 달 N일" against an earlier date of the sentence.

    "전날" after a month only ("이달 초 붙잡혔고 … 전날 옮겨졌다") cannot count from that month:
    the wires mean the day before the report, as when no date precedes it.
    """
    out: list[DateMention] = []
    for mention in found:
        same_month = mention.text.startswith("같은") and "달" in mention.text
        if mention.anchor is None and not same_month:
            out.append(mention)
            continue
        earlier = next((d for d in reversed(out) if d.value and d.precision in ("day", "month")), None)
        reported = base.as_date() if base is not None else None
        if mention.anchor == "before" and earlier is not None and earlier.precision == "month" and reported:
            value = (reported - timedelta(days=1)).isoformat()
            out.append(DateMention(mention.start, mention.end, mention.text, value, "day", True))
            continue
        out.append(_anchored(mention, earlier, same_month=same_month))
    return out


def _anchored(mention: DateMention, earlier: DateMention | None, *, same_month: bool) -> DateMention:
    if same_month:
        day = re.search(r"(\d{1,2})\s?일", mention.text)
        if earlier is None or earlier.value is None or day is None:
            return DateMention(mention.start, mention.end, mention.text, None, "unknown", True, anchor="later")
        value = f"{earlier.value[:7]}-{int(day.group(1)):02d}"
        return DateMention(mention.start, mention.end, mention.text, value, "day", True)
    anchor = mention.anchor or ""
    offset = int(anchor[1:]) if anchor.startswith("+") else _ANCHOR_OFFSETS.get(anchor)
    if earlier is None or earlier.value is None or earlier.precision != "day" or offset is None:
        return mention
    value = (date.fromisoformat(earlier.value) + timedelta(days=offset)).isoformat()
    return DateMention(mention.start, mention.end, mention.text, value, "day", True)
