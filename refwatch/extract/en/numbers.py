"""How many people an English sentence speaks of: digits, number words, qualifiers, minors.

Finds "10 defectors", "nine of the ten", "a family of three", "more than 500 North Koreans",
"seven women, three men and a nine-year-old boy" (a sum, with one minor), "four of them
children", "an 11-month-old baby", "hundreds of North Koreans" (vague: no value) and the
singular "a North Korean woman" or "she". Ages ("a 31-year-old man") are never counts.
Number words go through our own table; compound words ("twenty-three") through text2num.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from text_to_num import text2num

from refwatch.extract.en.count_patterns import (
    _ADJECTIVE_NOUN,
    _AGES_LIST,
    _APPOSITION_AFTER,
    _APPOSITION_PART,
    _ATTRIBUTION_AFTER,
    _DEFINITE,
    _DETERMINERS,
    _DIGIT,
    _DIGITS,
    _GROUP_HINTS,
    _GROUP_OF,
    _ITEM_ANCHOR,
    _ITEM_HINTS,
    _ITEM_RE,
    _ITEM_REACH,
    _LOWER_WORD_NEXT,
    _MINOR_NOUN_RE,
    _NAME_WITH_KIN,
    _NON_PEOPLE_OF,
    _NUM_MORE,
    _NUM_PEOPLE,
    _NUMBER_HINTS,
    _NUMBER_START,
    _OF_OTHERS,
    _OR_MORE,
    _ORDINAL_HINTS,
    _ORDINAL_ONE,
    _PART_BEFORE,
    _PART_OF,
    _PERSON_ITEM_NOUNS,
    _PRONOUN,
    _QUALIFIER_BEFORE,
    _QUALIFIERS,
    _RELATIVES,
    _REVISED_TO,
    _SEPARATOR,
    _SINGULAR,
    _SUB_LIST_BEFORE,
    _SURVEYED_BEFORE,
    _TEEN,
    _TOTAL_HINTS,
    _TOTALLING,
    _VAGUE,
    _VAGUE_HINTS,
    _WORD_START,
    _WORD_VALUES,
)
from refwatch.extract.mentions import CountMention
from refwatch.extract.regex_guard import lowered
from refwatch.types import CountQualifier


@lru_cache(maxsize=4096)
def number_value(text: str) -> int | None:
    """The integer a number written in digits or English words stands for, or None."""
    cleaned = " ".join(text.lower().replace(",", "").split())
    if cleaned.isdigit():
        return int(cleaned)
    if cleaned in _WORD_VALUES:
        return _WORD_VALUES[cleaned]
    words = cleaned.replace("a dozen", "twelve").replace("-", " ")
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None


def _age_years(number: str | None, unit: str | None) -> int | None:
    if number is None:
        return None
    value = number_value(number)
    if value is None:
        return None
    return value if (unit or "year").lower() == "year" else 0


def _qualifier(sentence: str, start: int, default: CountQualifier = "exact") -> CountQualifier:
    match = _QUALIFIER_BEFORE.search(sentence, max(0, start - 30), start)
    if match:
        return _QUALIFIERS[match.group(1).lower()]
    tail = sentence[start : start + 40]
    if _OR_MORE.match(tail):
        return "at_least"
    return default


def _mention(sentence: str, start: int, end: int, value: int | None, *, minors: bool = False,
             qualifier: CountQualifier | None = None) -> CountMention:
    return CountMention(start, end, sentence[start:end], value, qualifier or _qualifier(sentence, start), minors)


def _items(sentence: str) -> list[re.Match[str]]:
    """Listed people ("a five-year-old girl"), found from their nouns backwards: matching the item
    pattern only where a person noun follows is many times cheaper than trying it at every character."""
    items: list[re.Match[str]] = []
    last_end = 0
    text = lowered(sentence)
    for anchor in _ITEM_ANCHOR.finditer(text):
        if anchor.end() <= last_end:
            continue
        low = max(last_end, anchor.start() - _ITEM_REACH)
        for start in _WORD_START.finditer(text, low, anchor.start() + 1):
            match = _ITEM_RE.match(text, start.start())
            if match and match.end() >= anchor.end():
                items.append(match)
                last_end = match.end()
                break
    return items


def _enumerations(sentence: str, items: list[re.Match[str]]) -> list[CountMention]:
    """Sums of listed people: "four women, a man, a five-year-old girl and an 11-month-old baby"."""
    found: list[CountMention] = []
    run: list[re.Match[str]] = []
    for item in [*items, None]:
        if item is not None and run and _SEPARATOR.search(sentence[run[-1].end() : item.start()] + " "):
            gap = sentence[run[-1].end() : item.start()]
            if len(gap) <= 7:
                run.append(item)
                continue
        if len(run) >= 2:
            summed = _sum_run(sentence, run)
            plural = [i for i, m in enumerate(run) if _unnumbered_plural(m)]
            if not summed and plural and len(run) - plural[-1] > 2:
                # "their children, a boy of 10 and a girl of 7": the list after the plural names them
                summed = _sum_run(sentence, run[plural[-1] + 1 :])
            found.extend(summed)
        run = [item] if item is not None else []
    return found


def _unnumbered_plural(item: re.Match[str]) -> bool:
    det = (item.group("det") or item.group("det2") or "").lower()
    per, _ = _PERSON_ITEM_NOUNS.get((item.group("noun") or "").lower(), (1, False))
    return per == 0 and (not det or det in _DETERMINERS)


def _sum_run(sentence: str, run: list[re.Match[str]]) -> list[CountMention]:
    total = minors = 0
    for item in run:
        noun = (item.group("noun") or "").lower()
        det = (item.group("det") or item.group("det2") or "").lower()
        per, is_minor = _PERSON_ITEM_NOUNS.get(noun, (1, False))
        age = _age_years(item.group("age") or item.group("age2"), item.group("unit") or item.group("unit2"))
        number = number_value(det) if det and det not in _DETERMINERS else None
        if per == 0 and number is None:
            return []  # "their children": a plural without a number cannot be summed
        amount = (number or 1) * (per or 1)
        total += amount
        if is_minor or (age is not None and age < 18) or (item.group("teen") or "").lower() == "teenage":
            minors += amount
    start, end = run[0].start(), run[-1].end()
    sub_list = _SUB_LIST_BEFORE.search(sentence[max(0, start - 20) : start])
    if sub_list or minors == total:
        return [_mention(sentence, start, end, minors, minors=True, qualifier="exact")] if minors else []
    out = [_mention(sentence, start, end, total, qualifier="exact")]
    if minors:
        out.append(_mention(sentence, start, end, minors, minors=True, qualifier="exact"))
    return out


def _single_minors(sentence: str, items: list[re.Match[str]]) -> list[CountMention]:
    found = []
    for item in items:
        det = (item.group("det") or item.group("det2") or "").lower()
        if det not in ("a", "an", "one", "his", "her", "their"):
            continue
        noun = (item.group("noun") or "").lower()
        per, is_minor = _PERSON_ITEM_NOUNS.get(noun, (1, False))
        age = _age_years(item.group("age") or item.group("age2"), item.group("unit") or item.group("unit2"))
        teen = (item.group("teen") or "").lower() == "teenage"
        if per == 1 and (is_minor or teen or (age is not None and age < 18)):
            found.append(_mention(sentence, item.start(), item.end(), 1, minors=True, qualifier="exact"))
    for match in _AGES_LIST.finditer(sentence):
        ages = [int(a) for a in _DIGITS.findall(match.group("ages"))]
        young = sum(1 for a in ages if a < 18)
        if young:
            found.append(_mention(sentence, match.start(), match.end(), young, minors=True, qualifier="exact"))
    return found


def find_counts(sentence: str) -> list[CountMention]:
    """Every count of people in `sentence`, with nested duplicates removed."""
    found: list[CountMention] = []
    lowered = sentence.lower()
    if _DIGIT.search(sentence) or any(word in lowered for word in _NUMBER_HINTS):
        _numbered(sentence, found)
    vague = any(word in lowered for word in _VAGUE_HINTS)
    for match in _VAGUE.finditer(sentence) if vague else ():
        found.append(_mention(sentence, match.start(), match.end(), None, qualifier="about"))
    for match in _SINGULAR.finditer(sentence):
        found.append(_mention(sentence, match.start(), match.end(), 1, qualifier="exact"))
    ordinal = any(word in lowered for word in _ORDINAL_HINTS)
    for match in _ORDINAL_ONE.finditer(sentence) if ordinal else ():
        found.append(_mention(sentence, match.start(), match.end(), 1, qualifier="exact"))
    for match in _PRONOUN.finditer(sentence):
        found.append(_mention(sentence, match.start(), match.end(), 1, qualifier="exact"))
    if any(noun in lowered for noun in _ITEM_HINTS):
        items = _items(sentence)
        found.extend(_enumerations(sentence, items))
        found.extend(_single_minors(sentence, items))
    if " and h" in sentence:
        found.extend(_with_kin(sentence))
    return _revised(sentence, _as_parts(sentence, _without_nested(found)))


def _with_kin(sentence: str) -> list[CountMention]:
    """ "Kim, 38, and her two sons": the named person and her relatives together (three)."""
    found = []
    for match in _NAME_WITH_KIN.finditer(sentence):
        relatives = number_value(match.group("num")) if match.group("num") else (2 if match.group("two") else 1)
        if relatives:
            found.append(_mention(sentence, match.start(), match.end(), 1 + relatives, qualifier="exact"))
    return found


def _revised(sentence: str, mentions: list[CountMention]) -> list[CountMention]:
    """ "initially said 11 … were arrested, but later revised the figure to 14": the people told before the
    revision are the revised number."""
    if "to" not in sentence or not any(w in sentence for w in ("revis", "correct", "raised", "updated")):
        return mentions
    match = _REVISED_TO.search(sentence)
    value = number_value(match.group("num")) if match else None
    if match is None or value is None:
        return mentions
    return [replace(m, value=value, qualifier="exact") if m.end <= match.start() and not m.minors and not m.part
            and m.value is not None and m.value > 1 else m for m in mentions]


def _as_parts(sentence: str, mentions: list[CountMention]) -> list[CountMention]:
    """Mark sub-groups as parts, make numbered teenagers inside a group minors, drop counts of sources."""
    out: list[CountMention] = []
    for m in mentions:
        if m.value is not None and m.value > 1 and _ATTRIBUTION_AFTER.match(sentence, m.end):
            continue
        if _RELATIVES.search(m.text) and _OF_OTHERS.match(sentence, m.end):
            continue
        if _SURVEYED_BEFORE.search(sentence, max(0, m.start - 40), m.start):
            continue  # "interviews with more than 300 North Koreans": the people a report heard
        before = sentence[max(0, m.start - 24) : m.start]
        sub_group = bool(_PART_BEFORE.search(before))
        apposition = (
            bool(_APPOSITION_PART.search(before[-3:])) and m.text.lower().split()[1:3] == ["of", "them"]
            and bool(_APPOSITION_AFTER.match(sentence, m.end))
        )
        if sub_group or apposition:
            m = replace(m, part=True, minors=m.minors or bool(_TEEN.search(m.text)))
        out.append(m)
    return out


def _numbered(sentence: str, found: list[CountMention]) -> None:
    """The counts that need a number: "10 defectors", "nine of the ten", "a group of fourteen"."""
    low = lowered(sentence)
    groups = [pattern for pattern, hints in ((_GROUP_OF, _GROUP_HINTS), (_TOTALLING, _TOTAL_HINTS))
              if any(hint in low for hint in hints)]
    for pattern in groups:
        for match in pattern.finditer(sentence):
            qualifier = _QUALIFIERS[match.group("qual").lower()] if match.group("qual") else "exact"
            found.append(_mention(sentence, match.start(), match.end(), number_value(match.group("num")),
                                  qualifier=qualifier))
    starts = [m.start() for m in _NUMBER_START.finditer(low)]
    for match in _matches_at(_PART_OF, sentence, starts):
        if _NON_PEOPLE_OF.match(sentence, match.start("num") + len(match.group("num"))):
            continue
        minors = bool(match.group("minor"))
        found.append(_mention(sentence, match.start(), match.end(), number_value(match.group("num")), minors=minors))
    for match in _matches_at(_NUM_PEOPLE, sentence, starts):
        if _ADJECTIVE_NOUN.match(match.group("noun")) and _LOWER_WORD_NEXT.match(sentence, match.end()):
            continue  # "two North Korean families": the number counts families, not people
        minors = bool(_MINOR_NOUN_RE.fullmatch(match.group("noun")))
        found.append(_mention(sentence, match.start(), match.end(), number_value(match.group("num")), minors=minors))
    for match in [*_matches_at(_NUM_MORE, sentence, starts), *_DEFINITE.finditer(sentence)]:
        found.append(_mention(sentence, match.start(), match.end(), number_value(match.group("num"))))


def _matches_at(pattern: re.Pattern[str], sentence: str, starts: list[int]) -> list[re.Match[str]]:
    """What `pattern.finditer` finds, for a pattern that begins with a number: tried only where numbers begin."""
    found: list[re.Match[str]] = []
    last_end = 0
    for start in starts:
        if start < last_end:
            continue
        match = pattern.match(sentence, start)
        if match is not None:
            found.append(match)
            last_end = match.end()
    return found


def _without_nested(mentions: list[CountMention]) -> list[CountMention]:
    """Drop a mention inside a longer one of the same kind ("three men" inside a listed group)."""
    kept: list[CountMention] = []
    for m in mentions:
        if any(
            o is not m and o.minors == m.minors and o.start <= m.start and m.end <= o.end
            and (o.end - o.start) > (m.end - m.start)
            for o in mentions
        ):
            continue
        if any(k.start == m.start and k.end == m.end and k.minors == m.minors for k in kept):
            continue
        kept.append(m)
    kept.sort(key=lambda m: (m.start, m.end))
    return kept
