"""Place and country names in English and Korean, for pages and for search.

Places are stored with their English (GeoNames) name; the Korean name shown on Korean pages is
the first Hangul alias in the extractor's curated list (`extract/places/aliases.tsv`), so
the two stay one list. Search uses the same table backwards: 선양 also finds Shenyang.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from refwatch.respond.words import COUNTRY_NAMES, country_name

ALIASES = Path(__file__).parents[2] / "extract" / "places" / "aliases.tsv"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@cache
def _place_tables() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(English name → Korean name, any alias casefolded → English names)."""
    korean: dict[str, str] = {}
    spellings: dict[str, set[str]] = {}
    if not ALIASES.exists():
        return {}, {}
    for line in ALIASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        name = parts[0].strip()
        aliases = [a.strip() for a in parts[5].split("|")] if len(parts) > 5 else []
        hangul = [a for a in aliases if HANGUL.search(a)]
        if hangul and name not in korean:
            korean[name] = hangul[0]
        for alias in [name, *aliases]:
            if alias:
                spellings.setdefault(alias.casefold(), set()).add(name)
    return korean, {alias: tuple(sorted(names)) for alias, names in spellings.items()}


def place_name(place: str | None, lang: str) -> str:
    """The place as a reader of `lang` knows it: 선양 on Korean pages, Shenyang on English ones."""
    if not place:
        return ""
    if lang == "ko":
        return _place_tables()[0].get(place, place)
    return place


def place_spellings() -> dict[str, tuple[str, ...]]:
    """Every known spelling (casefolded) → the English place names it stands for."""
    return _place_tables()[1]


@cache
def country_spellings() -> dict[str, tuple[str, ...]]:
    """Country names in both languages (casefolded, with and without 'the ') → ISO codes."""
    table: dict[str, set[str]] = {}
    for code, names in COUNTRY_NAMES.items():
        for name in (*names.values(), code):
            key = name.casefold()
            table.setdefault(key, set()).add(code)
            table.setdefault(key.removeprefix("the "), set()).add(code)
    return {key: tuple(sorted(codes)) for key, codes in table.items()}


# Words people search with for a status, in both languages (casefolded; Korean stems with their
# common endings, since Korean attaches particles and verb endings to the word).
_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "detained": ("detained", "detention", "arrested", "arrest", "arrests", "caught", "custody", "held", "체포",
                 "체포된", "구금", "구금된", "억류", "억류된", "검거", "검거된", "붙잡힌", "구류"),
    "transferred": ("transferred", "transfer", "moved", "이송", "이송된", "인계", "인계된", "넘겨진"),
    "repatriated": ("repatriated", "repatriation", "returned", "deported", "deportation", "refoulement", "북송",
                    "북송된", "강제북송", "강제북송된", "송환", "송환된", "강제송환", "추방"),
    "released": ("released", "freed", "release", "석방", "석방된", "풀려난"),
    "arrived": ("arrived", "arrival", "safe", "safety", "입국", "입국한", "도착", "도착한", "안전"),
    "at_risk": ("risk", "danger", "imminent", "위기", "위험", "임박"),
    "sentenced": ("sentenced", "sentence", "convicted", "prison", "선고", "징역", "실형"),
    "died": ("died", "dead", "death", "deaths", "killed", "사망", "숨진", "숨져", "사망한"),
}
# What every incident on the site is about: such a word narrows a search by nothing.
EVERY_INCIDENT_WORDS = frozenset({
    "north", "korea", "korean", "koreans", "dprk", "refugee", "refugees", "defector", "defectors", "escapee",
    "escapees", "incident", "incidents", "탈북", "탈북민", "탈북자", "탈북민들", "탈북자들", "북한", "북한이탈주민",
    "북한주민", "북한인", "난민", "사건",
})


@cache
def status_spellings() -> dict[str, tuple[str, ...]]:
    """Status words (casefolded) → the statuses they ask for."""
    table: dict[str, set[str]] = {}
    for status, words in _STATUS_WORDS.items():
        for word in words:
            table.setdefault(word.casefold(), set()).add(status)
    return {word: tuple(sorted(statuses)) for word, statuses in table.items()}


def where(country: str | None, place: str | None, lang: str) -> str:
    """'Shenyang, China' or '중국 선양'; whichever part is known."""
    nation = country_name(country, lang)
    spot = place_name(place, lang)
    if spot and nation:
        return f"{nation} {spot}" if lang == "ko" else f"{spot}, {nation}"
    return spot or nation


__all__ = [
    "EVERY_INCIDENT_WORDS", "country_name", "country_spellings", "place_name", "place_spellings", "status_spellings",
    "where",
]
