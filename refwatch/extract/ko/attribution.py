"""Who a Korean sentence attributes its facts to, as the text names them.

Three wire formulas cover most copy: "X에 따르면" (X may list several: "외교 소식통과 지원단체들에
따르면"), a subject that opens the sentence and a speech verb that closes it ("통일부 당국자는
"…"고 말했다"), and a subject just before the closing speech verb ("…붙잡혔다고 소식통은
덧붙였다", "…체포됐다고 대북 인권단체가 25일 밝혔다"). The dateline ("(서울=누리통신) 이정민
기자 =") and a leading day ("24일") are not part of a source; neither are the people the story
is about ("이들은 … 진술했다").
"""

from __future__ import annotations

import re

from refwatch.extract.ko.lexicon import COUNTRY_WORDS, SPEECH_VERBS
from refwatch.extract.mentions import Span
from refwatch.extract.places import find_places

_SPEECH = "|".join(sorted((v for v in SPEECH_VERBS if v != "했"), key=len, reverse=True))
_SPEECH_END = re.compile(rf"(?:(?:{_SPEECH})|(?:고|라고)\s?했)(?:다|습니다)[.\"”']*\s*$")
_PHRASE_WORD = re.compile(r"[^\s\"“”(\[]+")
_WINDOW = 160  # characters enough for the last six words of a source's phrase
_ANY_WORD = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_ACCORDING_TO = re.compile(r"에\s?(?:따르면|의하면|따라면)")
_DATELINE = re.compile(r"^\s*(?:[(\[【].*?[)\]】]\s*)?(?:[가-힣]{2,4}\s(?:기자|특파원)\s?=\s?)?")
# The words before a statement's first quotation mark or date: the speaker is among them.
_OPENING = re.compile(r"[^\"“'‘]{1,60}?(?=\s(?:\d{1,2}일|이날|지난|어제|오늘|\S+에서|\S+와의)|\s?[\"“'‘]|$)")
_TOPIC_WORD = re.compile(r"[^\s\"“'‘]+?(?<![에서로])(?:은|는|이|가)")
_SUBJECT_LAST = re.compile(
    rf"(?:고|라고|며)\s(?P<subject>(?:[^\s\"“'‘]+\s){{0,3}}?[^\s\"“'‘]+?)(?:은|는|이|가)\s"
    rf"(?:\d{{1,2}}일\s)?(?:[^\s]+에(?:게)?\s)?(?:{_SPEECH})(?:다|습니다)"
)
# Words that end a source phrase when read backwards from "에 따르면": particles, dates, verbs.
_STOP_WORD = re.compile(r"(?:[을를의은는이가]|에서|에|로|\d+일|[은는던된한온운낸]|[고며서다=])$|^\d")
_LEADING = re.compile(r"^(?:\d{1,2}일\s|한\s|이\s|또\s|다른\s)+")
_NOT_A_SOURCE = re.compile(
    r"^(?:이들|그들|그|그녀|이\s?남성|이\s?여성|일행|가족|탈북민|탈북자|아이들|한\s?명|다른\s?한\s?명)$"
    r"|지난|이달|올해|지난해|어제|오늘|이날|(?<![가-힣])명$"
)
_LIST_SPLIT = re.compile(r"(?<=[가-힣])(?:과|와)\s|,\s|\s및\s")


def find_attributions(sentence: str) -> list[Span]:
    found: list[Span] = []
    for m in _ACCORDING_TO.finditer(sentence):
        found.extend(_listed_before(sentence, m.start()))
    if _SPEECH_END.search(sentence):
        found.extend(_speakers(sentence))
    found.sort(key=lambda s: s.start)
    unique: list[Span] = []
    for span in found:
        if not any(span.text == u.text for u in unique):
            unique.append(span)
    return unique


def _listed_before(sentence: str, end: int) -> list[Span]:
    """The source phrase(s) ending at `end`: "외교 소식통과 탈북자 지원단체들" → two sources."""
    start = _phrase_start(sentence, end)
    phrase = sentence[start:end]
    return [span for piece in _pieces(phrase, start) if (span := _span(*piece))]


def _phrase_start(sentence: str, end: int, floor: int = 0) -> int:
    """Read back from `end` over bare nouns; stop at a particle, a date or an adnominal verb."""
    start = end
    for word_start, word_end, text in reversed(_last_words(sentence, floor, end)):
        if sentence[word_end:start].strip():
            break
        if word_end != end and _STOP_WORD.search(text) and text not in COUNTRY_WORDS and not _is_place(text):
            break
        start = word_start
    return start


def _is_place(word: str) -> bool:
    """A place name that ends like a particle (치앙라이, 하노이) is part of a source's name."""
    return any(p.start == 0 and p.end == len(word) for p in find_places(word))


def _pieces(phrase: str, offset: int) -> list[tuple[int, int, str]]:
    out = []
    position = 0
    for cut in _LIST_SPLIT.finditer(phrase):
        out.append((offset + position, offset + cut.start(), phrase[position : cut.start()]))
        position = cut.end()
    out.append((offset + position, offset + len(phrase), phrase[position:]))
    return out


def _speakers(sentence: str) -> list[Span]:
    spans: list[Span] = []
    first = _opening_subject(sentence)
    if first is not None:
        spans.append(first)
    for last in _SUBJECT_LAST.finditer(sentence):
        span = _span(last.start("subject"), last.end("subject"), last.group("subject"))
        if span is not None:
            spans.append(span)
    return spans


def _last_words(sentence: str, floor: int, end: int, count: int = 6) -> list[tuple[int, int, str]]:
    """(start, end, text) of the last `count` words of `sentence[floor:end]`, reading only the stretch of
    text they can take rather than the whole sentence before them."""
    window = max(floor, end - _WINDOW)
    words = list(_PHRASE_WORD.finditer(sentence[window:end]))
    if window > floor:
        words = words[1:]  # the first may be cut
        if len(words) < count:
            window, words = floor, list(_PHRASE_WORD.finditer(sentence[floor:end]))
    return [(window + m.start(), window + m.end(), m.group(0)) for m in words[-count:]]


def _opening_subject(sentence: str) -> Span | None:
    """The topic that opens a reported statement: "북한 내부 사정에 밝은 소식통은 7일 본지에 "…"."""
    body_start = _DATELINE.match(sentence).end()  # type: ignore[union-attr]
    head = _OPENING.match(sentence, body_start)
    if head is None or _ACCORDING_TO.search(head.group(0)):
        return None
    topics = [w for w in _ANY_WORD.finditer(sentence[: head.end()]) if w.start() >= body_start]
    topics = [w for w in topics if _TOPIC_WORD.fullmatch(w.group(0))]
    if not topics:
        return None
    end = topics[-1].end() - 1  # without the particle
    start = _phrase_start(sentence, end, body_start)
    return _span(start, end, sentence[start:end])


def _span(start: int, end: int, text: str) -> Span | None:
    lead = _LEADING.match(text)
    if lead is not None:
        start += lead.end()
        text = text[lead.end() :]
    text = text.strip()
    if len(text) < 2 or _NOT_A_SOURCE.search(text) or _DIGIT.search(text) or len(text) > 40:
        return None
    return Span(start, start + len(text), text)
