"""English sentence spans: paragraphs first, then sentence ends that are not abbreviations.

Wire copy is full of dotted abbreviations ("Oct. 23", "Pol. Maj.", "U.S.", "Rep. Kang"); a
full stop after one of them does not end a sentence. Offsets index the text given.
"""

from __future__ import annotations

import re

from refwatch.extract.mentions import Span

_ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    mr mrs ms dr prof rep sen gen col lt maj capt cpl sgt pol gov st mt no vs etc approx est dept
    inc incl excl ltd co corp jr sr fig p pp vol ed eds yrs govt a.m p.m u.s u.n u.k e.g i.e
    """.split()
)
_PARAGRAPH = re.compile(r"[^\n]+")
_LAST_WORD = re.compile(r"([A-Za-z.]+)$")
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` closes an abbreviation or an initial ("J. Kim")."""
    match = _LAST_WORD.search(text, max(0, dot - 24), dot)
    if not match:
        return False
    word = match.group(1).lower().strip(".")
    return word in _ABBREVIATIONS or len(word) == 1


def split_sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    for paragraph in _PARAGRAPH.finditer(text):
        start = paragraph.start()
        for end_mark in _END.finditer(text, paragraph.start(), paragraph.end()):
            if end_mark.group(0).startswith(".") and _ends_with_abbreviation(text, end_mark.start()):
                continue
            _append(spans, text, start, end_mark.end())
            start = end_mark.end()
        _append(spans, text, start, paragraph.end())
    return spans


def _append(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, text[start:end]))
