"""Whole-story tests for the background stage: life stories, stories that open on an old case, incidents named only
late, and the one risk a story keeps (`settle_risk`). Split from `context.py`, which marks and fills each draft."""

from __future__ import annotations

import itertools
import re
from datetime import date

from refwatch.extract.facts import Draft, SentenceFacts
from refwatch.extract.geo import NORTH_KOREA, SOUTH_KOREA

_YEARS_EARLIER_DAYS = 730
_LEAD_SENTENCES = 3
_LATE_SHARE = 0.6
_SHORT_LINE = 30  # bylines, headers and kickers are not the lead
_HANDLING = ("detained", "transferred", "repatriated")


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
    if not lead:  # a brief of short lines only: all of it is the lead
        return False
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


def settle_risk(drafts: list[Draft], final_country: str | None, final_place: Draft | None = None) -> list[Draft]:
    """One at_risk, where the group is held at the end (its last known place); none once it reached safety.

    In a story of people who reached South Korea, an arrest or hand-over with no country at all is South
    Korean handling ("taken into custody by the military and handed to the intelligence service"): dropped.
    """
    main = [d for d in drafts if not d.background]
    if any(d.type in ("repatriated", "arrived") for d in main):
        # custody in North Korea after a return, or of those left behind, is not this story's detention
        # (custody in the hands of North Korea's agents, "are being held by the State Security in Onsong", stays,
        # unless it only leads to the same people's punishment or death there: "조사를 받던 중 숨진", "조사를 받은 뒤
        # 재판에"; "나머지 2명은 아직 … 조사를 받고 있다" beside seven sentenced is custody of others)
        fates = {d.count for d in main if d.type in ("died", "sentenced") and d.country == NORTH_KOREA}
        drafts = [d for d in drafts if d.background or not (
            d.type == "detained" and d.country == NORTH_KOREA
            and (d.trigger.destination != NORTH_KOREA or d.count in fates or (fates and d.count is None)))]
        main = [d for d in drafts if not d.background]
    if any(d.type == "arrived" and d.country == SOUTH_KOREA for d in main):
        drafts = [d for d in drafts if d.background or d.country is not None or d.type not in _HANDLING]
        main = [d for d in drafts if not d.background]
    risks = [d for d in main if d.type == "at_risk" and d.country not in (None, NORTH_KOREA)]
    arrived = {d.count for d in main if d.type == "arrived"}
    if arrived:  # safe now; only someone else still at risk ("a sixth member … we fear he will be handed over")
        risks = [
            d for d in risks if d.count_own and d.count is not None and d.count not in arrived and not d.weak
            and d.date is None
        ]
    freed = [d for d in main if d.type == "released" and d.count is not None]
    if freed:  # free again ("released … allowing them to leave for Thailand"): no risk for those people
        caught_again = any(d.type == "detained" and not d.trigger.state and _after(d, f) for d in main for f in freed)
        counts = {f.count for f in freed}
        risks = [d for d in risks if caught_again or d.count not in counts or _rest_of_group(d)]
    risks = [d for d in risks if not d.weak] or risks
    if final_country is not None:  # "Laos usually sends such groups back", told after they moved on to Thailand
        risks = [d for d in risks if not (d.weak and d.country != final_country)]
    returned = {d.count for d in main if d.type == "repatriated"}
    if returned:
        risks = [d for d in risks if (d.count_own and d.count not in returned) or _rest_of_group(d)]
    chosen = [d for d in risks if d.country == final_country][:1] or risks[-1:]
    for risk in chosen:
        if not risk.place_own and final_place is not None and final_place.country == risk.country:
            risk.place, risk.place_label = final_place.place, final_place.place_label
    return [d for d in drafts if d.type != "at_risk" or d.background or d in chosen]


def _after(later: Draft, earlier: Draft) -> bool:
    """`later` happened after `earlier`: by their dates when both have one, else by the order told."""
    if later.date and earlier.date:
        n = min(len(later.date), len(earlier.date))
        return later.date[:n] > earlier.date[:n]
    return later.sentence > earlier.sentence


def _rest_of_group(draft: Draft) -> bool:
    """ "일부는 … 넘겨졌고, 나머지도 곧 북송될 것", "the rest face repatriation": the risk of those not yet returned."""
    head = draft.evidence[max(0, draft.trigger.start - _REST_REACH) : draft.trigger.start]
    return draft.sentence >= 0 and bool(_REST.search(head))


_REST_REACH = 40
_REST = re.compile(r"나머지|\bthe\s+(?:rest|remaining|others)\b|\bthose\s+still\b", re.I)
