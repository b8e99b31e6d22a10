"""The speed helpers must find exactly what the plain patterns find: first-character guards, lower-cased
patterns for lower-cased text, and lower-casing that keeps every character in its place."""

from __future__ import annotations

import re

import pytest

from refwatch.extract.regex_guard import first_characters, guarded, lowercase_compile, lowercase_pattern, lowered

FIRST_CASES = [
    (r"탈북민|북송", {"탈", "북"}),
    (r"(?:강제)?(?:북송|송환)", {"강", "북", "송"}),
    (r"(?<![가-힣])잡[혀혔힌]", {"잡"}),
    (r"\d+년형", set("0123456789０１２３４５６７８９")),
    (r"(?i:one|two)\s+men", {"o", "O", "t", "T"}),
    (r"\bheld\b|\bcustody\b", {"h", "c"}),
    (r"(?:the\s+)?x", {"t", "x"}),  # an optional word: what follows may begin the match too
    (r".+", None),
    (r"a*", None),  # may match the empty string
    (r"\S+씨", None),
]


@pytest.mark.parametrize(("pattern", "expected"), FIRST_CASES)
def test_regex_guard_first_characters(pattern: str, expected: set[str] | None) -> None:
    assert first_characters(pattern) == (frozenset(expected) if expected is not None else None)


TEXTS = [
    "중국 당국이 지난 26일 단둥 해관을 통해 탈북민 60명 이상을 북측에 넘겼다며 강제북송 중단을 요구했다.",
    "Two North Koreans were held in Tumen; ONE was caught again and sent back across the border in 2023.",
    "이들은 2019년 12월 훈춘에서 붙잡혀 4년형을 받았다. 그제 풀려났다.",
]
PATTERNS = [
    r"(?:강제)?(?:북송|송환)", r"\d+년형|\d+년", r"(?i:one|two)\s+\w+", r"\bheld\b|\bcaught\b",
    r"(?<![가-힣])(?:그제|이들)",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_regex_guard_guarded_finds_the_same_matches(pattern: str) -> None:
    plain, fast = re.compile(pattern), guarded(pattern)
    for text in TEXTS:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_regex_guard_lowercase_pattern_keeps_escapes_and_group_syntax() -> None:
    source = r"^\W*(?P<who>North\s+Korean)\S\D(?P=who)\B"
    assert lowercase_pattern(source) == r"^\W*(?P<who>north\s+korean)\S\D(?P=who)\B"


@pytest.mark.parametrize("text", [*TEXTS, "İstanbul police detained them", "ẞ and ß"])
def test_regex_guard_lowered_keeps_positions(text: str) -> None:
    assert len(lowered(text)) == len(text)


def test_regex_guard_lowercase_compile_matches_like_ignorecase() -> None:
    source = r"\b(?:forcibly\s+)?return(?:ed|s)?\s+to\s+North\s+Korea"
    text = "They were Forcibly RETURNED to north korea last year, and returns to North Korea continue."
    expected = [m.span() for m in re.compile(source, re.I).finditer(text)]
    assert [m.span() for m in lowercase_compile(source).finditer(lowered(text))] == expected
