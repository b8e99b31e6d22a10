"""Duplicates: the same event told twice (lead and body, a state and the arrest) becomes one draft.

Two drafts merge when type, background and country agree and no value each states itself conflicts
(a city and its province do not; a crossing at night and the finding next morning do not; a custody
state never conflicts with the arrest but by its count). The merged draft keeps the better of each
value: an exact count over a hedged one (unless it only retells the number), a day over a month, a
city over a province, the arrest's own words over the state's.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from refwatch.extract.assemble import PLACE_KIND_RANK
from refwatch.extract.facts import Draft


def _dates_conflict(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[:n] != b[:n]


def _counts_conflict(kept: Draft, new: Draft) -> bool:
    """Both tellings count their own people, differently: two exact numbers, or a number told as other people
    ("at least five other women", "다른 여성 5명도")."""
    if not (kept.count_own and new.count_own) or kept.count == new.count:
        return False
    exact = kept.count_qualifier == "exact" and new.count_qualifier == "exact"
    return exact or any(_OTHERS.search(d.count_text or "") for d in (kept, new))


_OTHERS = re.compile(r"\b(?:other|others|more|another)\b|다른")


def _ranges_conflict(kept: Draft, new: Draft) -> bool:
    """The numbers cannot describe the same group ("1" and "at least 14"): a custody state of other people."""
    if not (kept.count_own and new.count_own) or kept.count is None or new.count is None:
        return False
    low_a, high_a = _range(kept.count, kept.count_qualifier)
    low_b, high_b = _range(new.count, new.count_qualifier)
    return high_a < low_b or high_b < low_a


_ABOUT = 0.3  # "about 60" may be the "at least 50" of another telling


def _range(count: int, qualifier: str) -> tuple[float, float]:
    if qualifier == "at_least":
        return count, float("inf")
    if qualifier == "up_to":
        return 0, count
    if qualifier == "about":
        return count * (1 - _ABOUT), count * (1 + _ABOUT)
    return count, count


_ONE_DAY_SLACK = ("arrived", "died")


def _next_day(a: str | None, b: str | None) -> bool:
    if not a or not b or len(a) != 10 or len(b) != 10:
        return False
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) == 1


def _step_place(kept: Draft, new: Draft, caught_at: set[tuple[str | None, str]]) -> Draft | None:
    """ "The five caught in Vientiane were handed to China" (undated) and "On the 10th they were handed over at the
    Boten checkpoint": one hand-over, the lead naming where an earlier step happened. Returns the telling whose
    place is the hand-over's own, or None when the two are not such a pair."""
    if kept.type not in ("transferred", "repatriated") or bool(kept.date) == bool(new.date):
        return None
    undated, dated = (kept, new) if new.date else (new, kept)
    if undated.place is None or dated.place is None:
        return None
    if undated.count_own and dated.count_own and undated.count != dated.count:
        return None
    if (undated.place.country, undated.place.name) in caught_at:
        return dated
    # "선양 일대에 구금돼 있던 12명이 강제송환" then "5일 단둥 세관을 거쳐 넘겨졌다": the lead names where the group was
    # held, the body the crossing of the same return (the same number told by both)
    lead = undated.sentence == 0 < dated.sentence and undated.count_own
    same_country = undated.place.country == dated.place.country
    return dated if lead and same_country else None


def _compatible(
    kept: Draft, new: Draft, caught_at: frozenset[tuple[str | None, str]] = frozenset(), stepping: bool = True
) -> bool:
    if kept.type != new.type or kept.background != new.background:
        return False
    if kept.country and new.country and kept.country != new.country:
        return False
    if new.type == "at_risk":
        return True
    if new.type == "arrived" and _embassy_and_home(kept, new):
        return False

    if kept.trigger.state != new.trigger.state:
        return not _ranges_conflict(kept, new)  # "they are held at…": the same detention, told as a state
    if _dates_conflict(kept.date, new.date) and not (new.type in _ONE_DAY_SLACK and _next_day(kept.date, new.date)):
        return False  # crossing at night and found next morning; a body recovered the day after a death
    if _counts_conflict(kept, new):
        return False
    if kept.place_own and new.place_own and kept.place and new.place:
        names = {kept.place.name, new.place.name}
        label = f"{kept.place_label or ''};{new.place_label or ''}"
        nested = kept.place.country == new.place.country and (
            "admin1" in (kept.place.kind, new.place.kind) or _named_within(kept.place.name, new.place.name)
        )
        stepped = stepping and _step_place(kept, new, set(caught_at)) is not None
        if len(names) > 1 and not all(n in label for n in names) and not nested and not stepped:
            return False
    return True


def _embassy_and_home(a: Draft, b: Draft) -> bool:
    """ "flown to South Korea after … released them to the embassy": reaching an embassy abroad and
    reaching South Korea are two arrivals."""
    embassy = [d for d in (a, b) if d.trigger.destination == "embassy"]
    return len(embassy) == 1 and "KR" in (a.country, b.country)


def _named_within(a: str, b: str) -> bool:
    """ "Jingxin (Hunchun)" lies in "Hunchun": a curated name carries its city in brackets."""
    return f"({a})" in b or f"({b})" in a


def _absorb(kept: Draft, new: Draft) -> None:
    """Fill what `kept` lacks from `new`; an exact count beats a hedged one, a day beats a month.

    A retelling of the same number ("at least five …" then "The five …") keeps the qualifier told
    first; a custody state adds only what the detention lacks, and an arrest told after its state wins.
    """
    if kept.trigger.state and not new.trigger.state:
        kept.trigger, kept.evidence = new.trigger, new.evidence
        if new.place_own:
            kept.place, kept.place_label, kept.place_own = new.place, new.place_label, True
        if new.date:
            kept.date, kept.date_precision = new.date, new.date_precision
    elif new.trigger.state and kept.place_own:
        if new.place_own and new.place is not None and kept.place is not None and new.place.name != kept.place.name:
            kept.held_place = new.place
        new = replace(new, place=None, place_label=None, place_own=False)
    restated = kept.count_own and new.count == kept.count
    if new.count_own and not restated and (
        not kept.count_own or (kept.count_qualifier != "exact" and new.count_qualifier == "exact")
    ):
        kept.count, kept.count_qualifier, kept.count_own = new.count, new.count_qualifier, True
    if kept.children is None:
        kept.children = new.children
    if new.date and (not kept.date or len(new.date) > len(kept.date)):
        kept.date, kept.date_precision = new.date, new.date_precision
    if new.place_own and (not kept.place_own or (new.place_label and not kept.place_label) or _more_precise(new, kept)):
        kept.place, kept.place_label, kept.place_own = new.place, new.place_label, True
    if new.country_own and not kept.country_own:
        kept.country, kept.country_own = new.country, True
    kept.authority = kept.authority or new.authority
    kept.destination_country = kept.destination_country or new.destination_country
    kept.weak = kept.weak and new.weak
    kept.confidence = min(0.97, kept.confidence + 0.05)


def _more_precise(new: Draft, kept: Draft) -> bool:
    """A city named in one telling beats the province named in another."""
    if new.place is None or kept.place is None or kept.place_label:
        return False
    return PLACE_KIND_RANK.get(new.place.kind, 1) < PLACE_KIND_RANK.get(kept.place.kind, 1)


def merge_duplicates(drafts: list[Draft]) -> list[Draft]:
    caught_at = frozenset((d.place.country, d.place.name) for d in drafts
                          if d.type == "detained" and d.place_own and d.place is not None)
    kept: list[Draft] = []
    for draft in drafts:
        target = next((k for k in kept if _compatible(k, draft, caught_at)), None)
        if target is None:
            kept.append(draft)
            continue
        own = None if _compatible(target, draft, stepping=False) else _step_place(target, draft, set(caught_at))
        _absorb(target, draft)
        if own is not None:  # the hand-over happened where the dated telling says, not where they were caught
            target.place, target.place_label, target.place_own = own.place, own.place_label, True
    _date_embassy_arrivals(kept)
    return kept


def _date_embassy_arrivals(drafts: list[Draft]) -> None:
    """ "released them and handed them to the embassy" then "released … on Jan. 8": the hand-over to the
    embassy is the release, so an undated embassy arrival takes the date of its release."""
    for draft in drafts:
        if draft.type != "arrived" or draft.date or draft.trigger.destination != "embassy":
            continue
        releases = [d for d in drafts if d.type == "released" and d.date and d.country == draft.country
                    and d.background == draft.background]
        release = releases[0] if len(releases) == 1 else None
        if release is not None:
            draft.date, draft.date_precision = release.date, release.date_precision
