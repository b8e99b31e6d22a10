"""Korean sentence spans by rule, with Kiwi only for runs the rule cannot cut.

News copy ends its sentences with a full stop after a verb ending (…했다. …했습니다.) and
puts each paragraph on its own line, so a scan that cuts at `. ? !` outside quotation marks
agrees with Kiwi's splitter on wire copy while costing a hundredth of it (see
`tests/extract/ko/test_sentences_ko.py` and `bench/ko_components.py`). Full stops inside a
quotation ("…했다. …하겠다"고 말했다) stay inside the sentence that reports the quote. A
paragraph with no usable full stop and more than `KIWI_FALLBACK_CHARS` characters (a page
scraped without punctuation, a transcript) goes to Kiwi, which cuts at verb endings; a run
longer than `KIWI_MAX_CHARS` is no prose and is cut at spaces.
"""

from __future__ import annotations

import re

from refwatch.extract.ko import morph
from refwatch.extract.mentions import Span

KIWI_FALLBACK_CHARS = 300
# Past this length, or with fewer spaces than prose has, a run is not prose (a table, a scraped
# blob, garbage) and is cut at spaces, not analysed: Kiwi slows down badly on long unspaced runs.
KIWI_MAX_CHARS = 8_000
_MIN_SPACES_PER_CHAR = 1 / 30

_PARAGRAPH = re.compile(r"[^\n\r\u2028\u2029]+")
_TERMINALS = ".?!。？！"
_CLOSERS = "\"'”’」』)]）〕"
_PAIRED_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》"}
_TOGGLING_QUOTES = "\"'"  # straight quotes open and close alike (RFA-style copy quotes with ')
# The only characters the scan stops at: sentence ends and quotation marks.
_MARKS = re.compile(r"""[.?!。？！"'“”‘’「」『』《》]""")
# A wire dateline before the first sentence: "(서울=누리통신) 이정민 기자 = ", "[한빛일보 방콕=이재훈
# 특파원] ", "【울진=동해신문 김태윤 기자】 ". It is a span of its own, so that the reporter's city
# is never read as the place of the event.
_DATELINE = re.compile(
    r"\s*(?:[(\[【][^()\[\]【】\n]{1,30}=[^()\[\]【】\n]{1,30}[)\]】](?:\s?[가-힣]{2,4}\s(?:기자|특파원)\s?=)?"
    r"|[가-힣]{2,4}\s(?:기자|특파원)\s?=)\s"
)
_DOTTED_DATE_BEFORE = re.compile(r"(?:19|20)\d\d\.\s?\d{1,2}\.\s?\d{1,2}$")  # "2023. 10. 12. 오전 9시"
_ABBREVIATION_BEFORE = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|No|vs|etc|Inc|Ltd|Co|Jr|Sr|Gen|Lt|Col|U\.S|U\.N))$")


def split_sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    for paragraph in _PARAGRAPH.finditer(text):
        start = paragraph.start()
        dateline = _DATELINE.match(text, start, paragraph.end())
        if dateline is not None and dateline.end() < paragraph.end():
            _append(spans, text, start, dateline.end())
            start = dateline.end()
        pieces = _split_paragraph(text, start, paragraph.end(), quotes=True)
        if pieces is None:  # quotation marks that never close: cut as if there were none
            pieces = _split_paragraph(text, start, paragraph.end(), quotes=False) or []
        for piece_start, piece_end in pieces:
            spans.extend(_cut(text, piece_start, piece_end))
    return spans


def _cut(text: str, start: int, end: int) -> list[Span]:
    """One piece as it is, through Kiwi when it is long prose, or in windows when it is no prose."""
    length = end - start
    if length <= KIWI_FALLBACK_CHARS:
        spans: list[Span] = []
        _append(spans, text, start, end)
        return spans
    if length <= KIWI_MAX_CHARS and text.count(" ", start, end) >= length * _MIN_SPACES_PER_CHAR:
        return _kiwi_pieces(text, start, end)
    return _windows(text, start, end)


def _split_paragraph(text: str, start: int, end: int, *, quotes: bool) -> list[tuple[int, int]] | None:
    """Cut points of one paragraph; None when `quotes` is on and a quotation never closes."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    open_quotes: list[str] = []
    skip_to = start
    for mark in _MARKS.finditer(text, start, end):
        i = mark.start()
        if i < skip_to:
            continue
        char = text[i]
        if char in _TERMINALS:
            if open_quotes:
                continue
            stop = i + 1
            while stop < end and (text[stop] in _TERMINALS or text[stop] in _CLOSERS):
                stop += 1
            if _followed_by_space(text, stop, end) and _ends_sentence(text, i, stop, end):
                pieces.append((piece_start, stop))
                piece_start = stop
            skip_to = stop
        elif not quotes:
            continue
        elif open_quotes and char == open_quotes[-1]:
            open_quotes.pop()
            if text[i - 1] in _TERMINALS and _followed_by_space(text, i + 1, end) and not open_quotes:
                pieces.append((piece_start, i + 1))
                piece_start = i + 1
        elif char in _TOGGLING_QUOTES or char in _PAIRED_QUOTES:
            open_quotes.append(_PAIRED_QUOTES.get(char, char))
    if open_quotes:
        return None
    pieces.append((piece_start, end))
    return pieces


def _followed_by_space(text: str, position: int, end: int) -> bool:
    return position >= end or text[position].isspace()


def _ends_sentence(text: str, mark: int, stop: int, end: int) -> bool:
    """False for the full stops of numbers and abbreviations: "2023. 10. 12", "U.S. envoy"."""
    if text[mark] != ".":
        return True
    if mark > 0 and text[mark - 1].isdigit():
        following = text[stop:end].lstrip()
        return not following[:1].isdigit() and not _DOTTED_DATE_BEFORE.search(text, max(0, mark - 14), mark)
    if stop - mark > 1 and text[mark + 1] == ".":
        return False  # an ellipsis written with full stops
    return not _ABBREVIATION_BEFORE.search(text[max(0, mark - 6) : mark])


def _kiwi_pieces(text: str, start: int, end: int) -> list[Span]:
    spans: list[Span] = []
    for piece_start, piece_end in morph.sentence_bounds(text[start:end]):
        _append(spans, text, start + piece_start, start + piece_end)
    return spans


def _windows(text: str, start: int, end: int) -> list[Span]:
    """Pieces of at most `KIWI_FALLBACK_CHARS`, cut at the last space of each when there is one."""
    spans: list[Span] = []
    while start < end:
        stop = min(end, start + KIWI_FALLBACK_CHARS)
        space = text.rfind(" ", start + KIWI_FALLBACK_CHARS // 2, stop) if stop < end else -1
        stop = space + 1 if space > start else stop
        _append(spans, text, start, stop)
        start = stop
    return spans


def _append(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, text[start:end]))
