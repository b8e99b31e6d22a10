"""Korean numbers as news copy writes them: 60, 1,047, 2천, 1만5천, 열, 열네, 스무, 일곱, 다섯.

Two systems live side by side. Sino-Korean numbers appear as Arabic digits, sometimes with
the units 십/백/천/만 (2천여 명, 1만 명); native numbers are spelled out (세 명, 열두 명, 열네
살) and have a noun form (하나, 둘, 셋) used without a counter ("미성년자가 다섯이었다").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from refwatch.extract.ko.lexicon import NATIVE_TENS, NATIVE_UNIT_NOUNS, NATIVE_UNITS, SINO_MULTIPLIERS


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_TENS = _alternation(NATIVE_TENS)
_UNITS = _alternation(NATIVE_UNITS)
_UNIT_NOUNS = _alternation(NATIVE_UNIT_NOUNS)

# A native number in the form it takes before a counter: 한, 세, 열, 열두, 스무, 스물세.
NATIVE = rf"(?:(?:{_TENS})(?:{_UNITS})?|{_UNITS})"
# A native number standing alone as a noun: 다섯, 열, 열하나, 스물둘.
NATIVE_NOUN = rf"(?:(?:{_TENS})(?:{_UNIT_NOUNS})?|{_UNIT_NOUNS})"
# Digits with thousands separators and optional Sino units: 600, 1,047, 2천, 1만5천, 1만 2천.
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\s?[만천백](?:\s?\d+\s?[천백])?)?"

# Sino-Korean numbers spelled in hangul, as some copy writes round figures: 삼십여 명, 오십 명, 백이십 명.
# (Only before 여 or 명 in the count pattern: 이, 사, 오 are common syllables elsewhere.)
_D = "[이삼사오육칠팔구]"
SINO_WORD = rf"(?:{_D}?백(?:{_D}?십)?(?:일|{_D})?|{_D}?십(?:일|{_D})?)"
_SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_SINO_WORD = re.compile(SINO_WORD)

_NATIVE_PARTS = re.compile(rf"(?P<tens>{_TENS})?(?P<unit>{_UNITS}|{_UNIT_NOUNS})?")
_SINO_TOKEN = re.compile(r"\d[\d,]*|[십백천만]")


def parse_number(text: str) -> int | None:
    """The value of one numeral (digits, Sino units or a native word); None when it is none."""
    word = text.replace(" ", "")
    if not word:
        return None
    if word[0].isdigit() or word in SINO_MULTIPLIERS:
        return _parse_sino(word)
    if _SINO_WORD.fullmatch(word):
        return _parse_sino_word(word)
    return _parse_native(word)


def _parse_sino(word: str) -> int | None:
    tokens = _SINO_TOKEN.findall(word)
    if "".join(tokens) != word:
        return None
    result = section = number = 0
    for token in tokens:
        if token[0].isdigit():
            number = int(token.replace(",", ""))
        elif token == "만":
            result += (section + number or 1) * SINO_MULTIPLIERS[token]
            section = number = 0
        else:
            section += (number or 1) * SINO_MULTIPLIERS[token]
            number = 0
    return result + section + number


def _parse_native(word: str) -> int | None:
    match = _NATIVE_PARTS.fullmatch(word)
    if match is None or not (match.group("tens") or match.group("unit")):
        return None
    tens = NATIVE_TENS.get(match.group("tens") or "", 0)
    unit_word = match.group("unit") or ""
    unit = NATIVE_UNITS.get(unit_word) or NATIVE_UNIT_NOUNS.get(unit_word, 0)
    return tens + unit


def _parse_sino_word(word: str) -> int:
    """삼십 → 30, 백이십 → 120, 삼십오 → 35."""
    total = digit = 0
    for char in word:
        if char in _SINO_DIGITS:
            digit = _SINO_DIGITS[char]
        else:
            total += (digit or 1) * SINO_MULTIPLIERS[char]
            digit = 0
    return total + digit
