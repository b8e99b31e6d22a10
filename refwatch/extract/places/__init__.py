"""The offline gazetteer: GeoNames cities plus curated aliases, built once, loaded once per process.

    find_places(sentence)            every place named in a sentence, English or Korean
    lookup_place(name, country=None) one name to its place
    korean_place_names()             Hangul names, for the Korean tokenizer's user dictionary
"""

from __future__ import annotations

import threading

from refwatch.extract.mentions import PlaceMention
from refwatch.extract.places.build import ensure_index
from refwatch.extract.places.gazetteer import Gazetteer
from refwatch.settings import load_settings

__all__ = ["Gazetteer", "find_places", "get_gazetteer", "korean_place_names", "lookup_place"]

_instance: Gazetteer | None = None
_instance_lock = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, building its index on first use."""
    global _instance
    if _instance is None:
        with _instance_lock:
            if _instance is None:
                _instance = Gazetteer(ensure_index(load_settings().cache_path))
    return _instance


_last: tuple[str, tuple[PlaceMention, ...]] = ("", ())


def find_places(sentence: str) -> list[PlaceMention]:
    """Every place named in `sentence`.

    The places of the one sentence asked about last are kept: the mention finder and the Korean authority
    finder both ask for the same sentence in a row. Only that one is kept, so nothing carries across reports.
    """
    global _last
    text, places = _last
    if text != sentence or not sentence:
        places = tuple(get_gazetteer().find(sentence))
        _last = (sentence, places)
    return list(places)


def lookup_place(name: str, country: str | None = None) -> PlaceMention | None:
    return get_gazetteer().lookup(name, country)


def korean_place_names() -> list[str]:
    return get_gazetteer().korean_names()
