"""Distances between a trigger and a mention, measured the way each language orders its words.

English puts a verb's dates and places after it ("detained … on Oct. 23"), Korean before it ("23일 …
체포됐다"); a mention on the side the language seldom uses counts as a little further away.
"""

from __future__ import annotations

from typing import Any

from refwatch.extract.mentions import Trigger

# Where a language puts a verb's dates, places and arguments, for rules that do not say.
DEFAULT_ADJUNCT_SIDE = {"en": "after", "ko": "before"}


def distance(start: int, end: int, other_start: int, other_end: int) -> int:
    """Characters between two spans; 0 when they overlap."""
    if other_start >= end:
        return other_start - end
    if start >= other_end:
        return start - other_end
    return 0


def adjunct_side(rules: Any) -> str | None:
    """ "after" (English) or "before" (Korean): where the rules' language puts a verb's adjuncts."""
    return getattr(rules, "adjunct_side", None) or DEFAULT_ADJUNCT_SIDE.get(getattr(rules, "code", ""))


def sided_distance(trigger: Trigger, start: int, end: int, side: str | None) -> int:
    """Characters between a trigger and a mention, plus a step when the mention sits on the side the
    language seldom puts adjuncts ("detained … on Oct. 23" in English; "23일 … 체포됐다" in Korean)."""
    gap = distance(trigger.start, trigger.end, start, end)
    if trigger.start <= start and end <= trigger.end:
        return gap  # inside the trigger's own span ("28일 투먼에서 30명가량이 … 북송"): on no side
    before = end <= trigger.start
    return gap + (15 if (side == "after" and before) or (side == "before" and not before) else 0)
