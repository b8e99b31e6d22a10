"""Who holds or moves the people, named in English whatever the report's language.

The body comes from `authorities.tsv` (공안 → police, 변방대 → border police, 이민국 경찰 →
immigration police); its nationality comes, in this order, from a country word just before it
(라오스 경찰), from a place just before it (창바이 변방대 → Chinese), from the nearest country
or place named earlier in the sentence (베트남 북부 몽까이에서 현지 공안에 → Vietnamese), or from
the body itself (공안 is Chinese unless the sentence says otherwise). The name starts with the
nationality ("Lao police") so the assembler can read the country from it, like the English
rules' names. South Korean bodies are not custodians here and are left out; a North Korean body
that only receives people (보위부에 넘겨졌다) is left out too.
"""

from __future__ import annotations

import re

from refwatch.extract.ko.lexicon import COUNTRY_NAMES, COUNTRY_WORDS, NATIONALITY_ADJECTIVES, authority_entries
from refwatch.extract.mentions import PlaceMention, Span
from refwatch.extract.places import find_places

_COUNTRY_WORD = re.compile("|".join(sorted(COUNTRY_WORDS, key=len, reverse=True)))
_NATIONAL_ACTOR = re.compile(
    r"(?<![가-힣])(?P<nat>중국|라오스|베트남|태국|캄보디아|몽골|러시아|미얀마)(?:은|는|이|가)(?=\s)"
)
_RECEIVER_AFTER = re.compile(r"\s?(?:측|쪽)?(?:에게|에)\s?(?:\S+\s)?(?:넘겨|넘겼|넘긴|인계|송환)")
_PLACE_NAMED_BODIES = ("police", "public security bureau", "court", "People's Court")
_NOT_CUSTODIANS = ("KR",)
_PEOPLE_AFTER = re.compile(r"\s?(?:주민|국적|노동자|남성|여성|사람|출신|이탈주민|선원|어민|식당|군인|병사)")
_WORD = re.compile(r"[^\s\"“”'‘’(\[]+")
# "미얀마 쪽에서 국경 하천을 건너다 … 경찰에 적발": the side they came from holds no one
_CROSSED_FROM = re.compile(r"\s?(?:쪽|측)?에서\s?(?:\S+\s){0,3}?\S*?(?:건너|넘어|넘다|넘던|탈출|빠져나)")
_GENITIVE_OR_SIDE = re.compile(r"(?:의|측)$")
_BARE_PLACE = re.compile(r"(?:시|현|성|주|군|구)?")  # "옌지시 공안국" names the bureau; "몽까이에서 공안" does not


def find_authorities(sentence: str) -> list[Span]:
    # Countries come from words and towns; a border river (압록강, 두만강) belongs to both banks.
    places = [p for p in find_places(sentence) if p.kind not in ("country", "water")]
    countries = _country_positions(sentence, places)
    found: list[Span] = []
    for start, end, body, default in _bodies(sentence):
        code, place, lead = _origin(sentence, start, places, countries, default)
        if code in _NOT_CUSTODIANS or (code == "KP" and _RECEIVER_AFTER.match(sentence, end)):
            continue
        name = _name(body, code, place)
        if name:
            found.append(Span(lead, end, name))
    for m in _NATIONAL_ACTOR.finditer(sentence):
        if not any(s.start <= m.start() < s.end for s in found):
            found.append(Span(m.start(), m.end("nat"), COUNTRY_NAMES[COUNTRY_WORDS[m.group("nat")]]))
    found.sort(key=lambda s: s.start)
    return found


def _bodies(sentence: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, English body, default country) of each body word; the longest wins."""
    hits: list[tuple[int, int, str, str | None]] = []
    for entry in authority_entries():
        default = None if entry.kind == "-" else entry.kind
        hits.extend((m.start(), m.end(), entry.gloss, default) for m in entry.pattern.finditer(sentence))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, str, str | None]] = []
    for hit in hits:
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


def _country_positions(sentence: str, places: list[PlaceMention]) -> list[tuple[int, str]]:
    """Countries named in the sentence, by position; "북한 주민" names the people, not a place."""
    found = [
        (m.start(), COUNTRY_WORDS[m.group(0)]) for m in _COUNTRY_WORD.finditer(sentence)
        if not _PEOPLE_AFTER.match(sentence, m.end()) and not _CROSSED_FROM.match(sentence, m.end())
    ]
    found.extend((p.start, p.country) for p in places)
    return sorted(found)


def _origin(
    sentence: str, start: int, places: list[PlaceMention], countries: list[tuple[int, str]], default: str | None
) -> tuple[str | None, PlaceMention | None, int]:
    """The body's country, the place it is named after (if any) and where its name begins."""
    offset = max(0, start - 25)
    lead = start
    for word in reversed(list(_WORD.finditer(sentence[offset:start]))[-2:]):
        text = word.group(0)
        country = _COUNTRY_WORD.fullmatch(_GENITIVE_OR_SIDE.sub("", text))
        if country is not None:
            return COUNTRY_WORDS[country.group(0)], None, offset + word.start()
        named = next((p for p in places if p.start == offset + word.start()), None)
        if named is not None:
            bare = _BARE_PLACE.fullmatch(text[len(named.text) :]) is not None
            return named.country, (named if bare else None), (offset + word.start() if bare else lead)
        if text != "현지":
            break
        lead = offset + word.start()
    earlier = [code for position, code in countries if position < start and code != "KR"]
    if default in ("KP", "JP") or (default and not earlier):
        return default, None, lead
    return (earlier[-1] if earlier else None), None, lead


def _name(body: str, code: str | None, place: PlaceMention | None) -> str | None:
    if place is not None and body in _PLACE_NAMED_BODIES:
        return f"{place.name} {body}"
    if code == "JP" and body == "Coast Guard":
        return "Japan Coast Guard"
    if code is None:
        return None if body in ("authorities", "government", "court") else body
    return f"{NATIONALITY_ADJECTIVES.get(code, COUNTRY_NAMES.get(code, code))} {body}"
