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


def where(country: str | None, place: str | None, lang: str) -> str:
    """'Shenyang, China' or '중국 선양'; whichever part is known."""
    nation = country_name(country, lang)
    spot = place_name(place, lang)
    if spot and nation:
        return f"{nation} {spot}" if lang == "ko" else f"{spot}, {nation}"
    return spot or nation


__all__ = ["country_name", "country_spellings", "place_name", "place_spellings", "where"]
