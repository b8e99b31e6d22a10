"""Whole-story tests of time for the background stage: life stories, stories that open on an old case, incidents
named only late. Split from `context.py`, which marks each draft."""

from __future__ import annotations

import itertools
from datetime import date

from refwatch.extract.facts import Draft, SentenceFacts

_YEARS_EARLIER_DAYS = 730
_LEAD_SENTENCES = 3
_LATE_SHARE = 0.6
_SHORT_LINE = 30  # bylines, headers and kickers are not the lead


def _as_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return date(parts[0], parts[1], parts[2])


def _days_before(value: str | None, reference: str | None) -> int | None:
    """How many days `value` lies before `reference`, compared at their common precision."""
    if not value or not reference:
        return None
    n = min(len(value), len(reference))
    a, b = value[:n], reference[:n]
    if a >= b:
        return 0
    return (_as_day(b) - _as_day(a)).days


def _only_late(drafts: list[Draft], sentences: list[SentenceFacts]) -> bool:
    """No event in the lead and the first one late in the text: a story about something else that
    recalls an incident in passing ("…, which sent back an estimated 600 people last October")."""
    by_index = {s.index: s for s in sentences}
    news = [d for d in drafts if not by_index[d.sentence].background_cue]
    if not news:
        return False
    lead = [s.index for s in sentences if len(s.text) >= _SHORT_LINE][:_LEAD_SENTENCES]
    first = min(d.sentence for d in news)
    return first not in lead and first > lead[-1] and first >= _LATE_SHARE * len(sentences)


def _period_end(value: str) -> date:
    """The last day a date of any precision can mean ("2023" may be 31 December 2023)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(*parts)


def _life_story(drafts: list[Draft], sentences: list[SentenceFacts], published: str | None) -> bool:
    """A feature retelling someone's past ("In 2011 she was caught in Shenyang…"): no event in the lead and every
    dated event over two years before the report, so nothing in it is news (codebook: life stories are not)."""
    if not published or len(published) < 7:
        return False
    lead = [s.index for s in sentences if len(s.text) >= _SHORT_LINE][:1]
    if not drafts or any(d.sentence in lead for d in drafts):
        return False
    told = _as_day(published)
    old = {d.sentence for d in drafts if d.date and (told - _period_end(d.date)).days > _YEARS_EARLIER_DAYS}
    # an undated event told beside an old one is part of that past; one told on its own may be today's news
    return bool(old) and all(d.sentence in old or (d.type == "at_risk" and d.weak) for d in drafts)


def _old_opening(drafts: list[Draft], published: str | None) -> list[Draft]:
    """ "In the winter of 2009, Chinese police caught me in Tumen … This week, 60 held in Jilin face return": a story
    that opens on a case years before the report and then tells a new one opens on its background. Returns the
    opening drafts dated over two years before publication, when a later draft is not."""
    if not published or len(published) < 7 or not drafts:
        return []
    told = _as_day(published)

    def old(d: Draft) -> bool:
        return bool(d.date) and (told - _period_end(d.date or "")).days > _YEARS_EARLIER_DAYS

    opening = list(itertools.takewhile(old, drafts))
    rest = drafts[len(opening):]
    if not opening or not any(not old(d) and not d.weak for d in rest):
        return []
    return opening
