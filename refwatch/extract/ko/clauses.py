"""Korean clauses: where a verb's own words begin, and which verbs tell one event together.

Korean puts a verb's date before it, inside its clause ("베트남 국경수비대는 지난 15일 이들을
하장성 국경을 통해 중국 측으로 돌려보냈고, 일행은 이튿날 … 붙잡혔다"), while the date nearest
the verb in characters may well belong to the next clause. The language-independent assembler
attaches the nearest date, so a Korean trigger reaches back over its own clause to the first
date in it: that date is then at distance 0 from its verb and is never taken by a neighbour.
The span stops at the date, not at the clause start, so that the place nearest the verb (the
most specific one: "함경북도 회령의 전거리교화소에서") still wins among several. Two event words
of one type chained by -어/-아 ("신분증 검사에 걸려 붙잡혔다", "급습을 받아 붙잡혔다") tell one
event and become one trigger.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from refwatch.extract.mentions import Trigger

# Where a clause starts: punctuation, quotation marks, connective endings, "…에 따르면", "… 뒤".
CLAUSE_START = re.compile(
    r'[,;"“”‘’(\[]|[.?!](?=\s|$)|(?:며|으며|면서|지만|는데|은데|으나|다고|라고|냐고|따르면|의하면)(?=\s)'
    r"|(?<=[았었였했됐졌겼혔렸왔갔났냈쳤않없])고(?=\s)|\s(?:뒤|후|직후|이후)(?:에)?(?=\s)|다가(?=\s)"
)
_MAX_CHAIN_GAP = 15
# Connectives that coordinate two verbs of one story line, so they may share a date or place.
_COORDINATING = re.compile(r"(?:[고며]|[어아여져돼혀겨해려와워]|뒤|후|다가)[,\s]")


def merge_chained(sentence: str, triggers: list[Trigger]) -> list[Trigger]:
    """One trigger for two event words of one type and reading joined by a verb chain."""
    merged: list[Trigger] = []
    for trigger in triggers:
        previous = merged[-1] if merged else None
        if previous is not None and _same_reading(previous, trigger) and _chained(sentence, previous, trigger):
            merged[-1] = replace(previous, end=trigger.end, text=sentence[previous.start : trigger.end])
        else:
            merged.append(trigger)
    return merged


def _same_reading(a: Trigger, b: Trigger) -> bool:
    return (a.type, a.negated, a.planned, a.hypothetical, a.habitual, a.destination) == (
        b.type, b.negated, b.planned, b.hypothetical, b.habitual, b.destination
    )


def _chained(sentence: str, a: Trigger, b: Trigger) -> bool:
    gap = sentence[a.end : b.start]
    return 0 <= len(gap) <= _MAX_CHAIN_GAP and not CLAUSE_START.search(gap)


def extend_to_clause(
    sentence: str, triggers: list[Trigger], date_starts: list[int], floors: tuple[int, ...] = ()
) -> list[Trigger]:
    """Each trigger from the first date of its clause (if any) to its verb.

    `floors` are where other event words end that are no event of their own but own the date
    before them ("지난 7월 초 투먼을 통해 넘겨진 탈북민 중 3명이 이달 초 … 선고받았다").
    """
    out: list[Trigger] = []
    previous_end = 0
    for trigger in triggers:
        floor = max(_clause_start(sentence, trigger.start), previous_end if previous_end <= trigger.start else 0)
        floor = max([floor, *(f for f in floors if f <= trigger.start)])
        own_dates = [d for d in date_starts if floor <= d < trigger.start]
        start = min(own_dates) if own_dates else trigger.start
        out.append(replace(trigger, start=start, text=sentence[start : trigger.end]))
        previous_end = max(previous_end, trigger.end)
    return out


def _clause_start(sentence: str, position: int) -> int:
    ends = boundary_ends(sentence, CLAUSE_START)
    index = bisect_right(ends, position)
    return ends[index - 1] if index else 0


@lru_cache(maxsize=64)
def boundary_ends(sentence: str, pattern: re.Pattern[str]) -> tuple[int, ...]:
    """Where each boundary of `pattern` ends in `sentence`, computed once per sentence."""
    return tuple(m.end() for m in pattern.finditer(sentence))


def shares_adjuncts(between: str) -> bool:
    """Verbs chained or coordinated ("풀어줬고", "구금돼", "조사를 받은 뒤") share a date or place."""
    return bool(_COORDINATING.search(between))
