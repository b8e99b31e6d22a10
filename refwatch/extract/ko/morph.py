"""The one Kiwi morphological analyser of the process, built on first use.

A `Kiwi()` takes about a second and half a gigabyte to load, so it is made once, lazily,
behind a lock, and never at import time: a process that codes only English or only
punctuated Korean never pays for it. Place names from the gazetteer are added as proper
nouns so that Kiwi keeps 몽까이 or 투먼 whole instead of reading them as common words.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

_kiwi: Kiwi | None = None
_lock = threading.Lock()


def kiwi() -> Kiwi:
    """The process-wide analyser, with the gazetteer's Korean place names as user words."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                _kiwi = _build()
    return _kiwi


def _build() -> Kiwi:
    from kiwipiepy import Kiwi

    from refwatch.extract.places import korean_place_names

    analyser = Kiwi()
    for name in korean_place_names():
        analyser.add_user_word(name, "NNP")
    return analyser


def loaded() -> bool:
    """Whether the analyser has been built in this process (for tests and benchmarks)."""
    return _kiwi is not None


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence Kiwi finds in `text`, as offsets into `text`."""
    return [(sentence.start, sentence.end) for sentence in kiwi().split_into_sents(text)]
