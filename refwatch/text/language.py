"""Which language a report is in: `ko`, `en` or `other`.

pycld2 ships its tables inside the wheel, so detection never downloads a model. Text that
cld2 cannot call (very short, mostly numbers) falls back to counting Hangul against Latin
letters, which is all the two-language pipeline needs to choose its rules.
"""

from __future__ import annotations

import re
from typing import Literal

import pycld2

Language = Literal["ko", "en", "other"]

_SAMPLE_CHARS = 4_000  # a few paragraphs decide the language; more only costs time
_QUICK_SAMPLE_CHARS = 500
# cld2 refuses control characters and lone surrogates; replace them before asking.
_CLD2_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")


def _by_script(sample: str) -> Language | None:
    hangul = len(_HANGUL.findall(sample))
    latin = len(_LATIN.findall(sample))
    if hangul == 0 and latin == 0:
        return None
    return "ko" if hangul * 3 >= latin else "en"


def detect_language(text: str, *, quick: bool = False) -> Language:
    """`ko`, `en` or `other` for `text`; `other` also when there are no letters to judge.

    `quick` counts scripts only (Hangul against Latin letters): good enough to label the
    pages the relevance gate skipped, at a fraction of cld2's cost.
    """
    if quick:
        return _by_script(text[:_QUICK_SAMPLE_CHARS]) or "other"
    sample = _CLD2_UNSAFE.sub(" ", text[:_SAMPLE_CHARS])
    try:
        reliable, _bytes, details = pycld2.detect(sample, isPlainText=True)
    except pycld2.error:
        reliable, details = False, ()
    code = details[0][1] if details else "un"
    if code in ("ko", "en"):
        return code  # type: ignore[return-value]
    if reliable and code != "un":
        return "other"
    return _by_script(sample) or "other"
