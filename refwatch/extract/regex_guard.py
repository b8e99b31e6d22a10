"""A first-character guard for big alternations of word patterns, so Python's engine skips most positions.

Python's `re` tries every alternative of a pattern like `탈북민|북송|송환|…` at every position of the text;
it has no fast skip when the alternatives begin with groups, optional prefixes or lookbehinds. A lookahead
`(?=[…])` over the characters a match can begin with lets it reject most positions with one test, which
makes the Korean cue and trigger scans several times faster and finds exactly the same matches.
"""

from __future__ import annotations

import re
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

_MAX_RANGE = 12_000  # a class wider than this cannot bound the first characters
_MAX_GUARD = 2_000  # a guard admitting more characters than this ([가-힣] is 11,172) saves nothing


def first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can begin with, or None when they cannot be bounded."""
    try:
        found = _first(list(sre_parser.parse(pattern)))
    except (re.error, TypeError, ValueError):
        return None
    if found is None or found[1]:
        return None  # unbounded, or the pattern can match the empty string
    return frozenset(found[0])


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern)` with a lookahead on the possible first characters, when they are known."""
    chars = first_characters(pattern) if not flags & re.IGNORECASE else None
    if not chars or len(chars) > _MAX_GUARD:
        return re.compile(pattern, flags)  # nothing to gain: almost any character may begin a match
    guard = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"(?=[{guard}])(?:{pattern})", flags)


def _first(items: list[tuple[Any, Any]]) -> tuple[set[str], bool] | None:
    """(first characters, may be empty) of a parsed sequence, or None when a step is unbounded."""
    chars: set[str] = set()
    for op, arg in items:
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue  # zero-width: the next step decides
        step = _first_of_step(op, arg)
        if step is None:
            return None
        chars |= step[0]
        if not step[1]:
            return chars, False
    return chars, True


def _first_of_step(op: Any, arg: Any) -> tuple[set[str], bool] | None:
    if op is sre_constants.LITERAL:
        return {chr(arg)}, False
    if op is sre_constants.IN:
        return _class(arg)
    if op is sre_constants.SUBPATTERN:
        found = _first(list(arg[-1]))
        if found is not None and arg[1] & sre_constants.SRE_FLAG_IGNORECASE:  # "(?i:One|Two)"
            found = ({variant for char in found[0] for variant in (char.lower(), char.upper())}, found[1])
        return found
    if op is sre_constants.BRANCH:
        chars: set[str] = set()
        empty = False
        for branch in arg[1]:
            found = _first(list(branch))
            if found is None:
                return None
            chars |= found[0]
            empty = empty or found[1]
        return chars, empty
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
        low, _high, body = arg
        found = _first(list(body))
        if found is None:
            return None
        return found[0], low == 0 or found[1]
    return None


def _class(items: list[tuple[Any, Any]]) -> tuple[set[str], bool] | None:
    chars: set[str] = set()
    for op, arg in items:
        if op is sre_constants.LITERAL:
            chars.add(chr(arg))
        elif op is sre_constants.RANGE and arg[1] - arg[0] <= _MAX_RANGE:
            chars.update(chr(code) for code in range(arg[0], arg[1] + 1))
        elif op is sre_constants.CATEGORY and arg is sre_constants.CATEGORY_DIGIT:
            chars.update("0123456789０１２３４５６７８９")  # the digits news copy uses, half- and full-width
        else:
            return None
    return chars, False


def lowercase_pattern(pattern: str) -> str:
    """The pattern for lower-cased text: letters lowered, escapes (`\\W`, `\\S`) and group syntax kept.

    Matching a lower-cased sentence with it, without IGNORECASE, finds what the original finds with
    IGNORECASE on the sentence as written, and Python's engine runs it several times faster.
    """
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if pattern.startswith(("(?P<", "(?P="), index):
            out.append(pattern[index : index + 4])
            index += 4
            continue
        out.append(char.lower())
        index += 1
    return "".join(out)


def lowercase_compile(pattern: str, _flags: int = 0) -> re.Pattern[str]:
    """Compile `pattern` for lower-cased text (see `lowercase_pattern`); the flags it was written with are implied."""
    return re.compile(lowercase_pattern(pattern))


def lowered(text: str) -> str:
    """`text.lower()` with every character keeping its place (a rare "İ" that would grow stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
