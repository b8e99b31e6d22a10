"""UI messages in English and Korean, one flat JSON catalogue per language.

Keys name where a message is used (`nav.workspace`, `review.accept`); values may hold `{name}`
placeholders filled by `translate`. A key missing from Korean falls back to English so a page
never shows a bare key, and `tests/web/test_i18n_catalogues.py` fails while the two differ.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "ko")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "ko": "한국어"}
_CATALOGUE_DIR = Path(__file__).parent


@cache
def catalogue(lang: str) -> dict[str, str]:
    with (_CATALOGUE_DIR / f"{lang}.json").open(encoding="utf-8") as handle:
        data: dict[str, str] = json.load(handle)
    return data


def translate(lang: str, key: str, **params: Any) -> str:
    message = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return message.format(**params) if params else message


def parse_accept_language(header: str) -> str | None:
    """The supported language the browser prefers most, from an Accept-Language header."""
    best: tuple[float, str] | None = None
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGUAGES:
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, primary)
    return best[1] if best else None
