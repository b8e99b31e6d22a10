"""The story around the drafts: background versus main, the group carried across sentences, confidence.

- **Background** (codebook: other incidents mentioned as context). A draft is background when
  its sentence carries a context cue ("recalling the 2013 case", "지난해 … 에도") without
  pointing back at the story's group, or when it is dated well before the story's lead event
  and concerns a different number of people (600 last October in a story about 60 today).
  Recaps of the same group ("the ten arrested on Nov. 4", "The eleven were part of…") stay main.
- **The group.** News tells one group's story across sentences: "Vietnam released them on
  Nov. 20" is about the eleven of the lead. Main drafts without their own count, children,
  country or place take the group's; the group moves with hand-overs.
- **at_risk** is a state, not a moment: one per country, and none once the group has reached
  safety in the same report.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cmp_to_key

from refwatch.extract.assemble import event_kind, resolve_back
from refwatch.extract.facts import Draft, SentenceFacts
from refwatch.extract.geo import EMBASSY_CITIES, NORTH_KOREA
from refwatch.extract.story import (
    _YEARS_EARLIER_DAYS,
    _as_day,
    _days_before,
    _life_story,
    _old_opening,
    _only_late,
)
from refwatch.types import CountQualifier, Event

_FAR_EARLIER_DAYS = 400
_LARGER_EARLIER_DAYS = 14  # "fined eight … days after eleven were picked up" is one story, not two
# The words that name the story's one person again ("she", "he", "조 씨").
_ONE_PERSON = re.compile(r"^(?:she|he|her|him)$|씨", re.I)




def mark_background(drafts: list[Draft], sentences: list[SentenceFacts], published: str | None = None) -> None:
    by_index = {s.index: s for s in sentences}
    if _only_late(drafts, sentences) or _life_story(drafts, sentences, published):
        for draft in drafts:
            draft.background = True
        return
    past = _old_opening(drafts, published)
    for draft in past:
        draft.background = True
    drafts = drafts[len(past):]
    lead = next((d for d in drafts if not by_index[d.sentence].background_cue), None)
    if lead is None:
        for draft in drafts:
            draft.background = True
        return
    lead_date = lead.date or next((d.date for d in drafts if d.date and not by_index[d.sentence].background_cue), None)
    lead_count = lead.count if lead.count_own else next(
        (d.count for d in drafts if d.count_own and d.count is not None and not by_index[d.sentence].background_cue),
        None,
    )
    several = bool(_SEVERAL_GROUPS.search(by_index[lead.sentence].text))
    for draft in drafts:
        facts = by_index[draft.sentence]
        if facts.background_cue and 0 < facts.background_from <= draft.trigger.start:
            draft.background = True  # "They will be sent back," …, adding that one had been sent back once before
            continue
        same_person = _same_person(draft, lead_count) and not _earlier_round(draft, drafts)
        if facts.group_reference or draft is lead or same_person:
            continue  # her earlier arrest is her story, unless she was caught again since ("In 2019 she had been…")
        if facts.background_cue and draft.trigger.start >= facts.background_from and not (
            several and _within(draft.date, lead_date, _LARGER_EARLIER_DAYS)
        ):
            draft.background = True
            continue
        gap = _days_before(draft.date, lead_date)
        if not gap:
            continue
        # "released four of the nine arrested in Mong Cai last month": the whole group, told inside the lead
        whole = draft.sentence == lead.sentence and bool(_PART_OF.search(lead.count_text or ""))
        different = draft.count_own and lead_count is not None and draft.count != lead_count and not whole
        larger = different and (draft.count or 0) > (lead_count or 0) and gap > _LARGER_EARLIER_DAYS
        # Years before the story and not about its group ("in 2013 it sent nine back"): another incident.
        if larger or gap > _YEARS_EARLIER_DAYS or (gap > _FAR_EARLIER_DAYS and (different or not draft.count_own)):
            draft.background = True


# A lead that announces several groups ("detained two separate groups … in recent days"): a "separate case"
# told days from the first is part of the news, not context.
_SEVERAL_GROUPS = re.compile(r"\b(?:two|three|both|several)\s+(?:separate\s+)?(?:groups|cases|incidents|families)\b"
                             r"|두\s*(?:그룹|무리|일행|가족|건)", re.I)


_PART_OF = re.compile(r"\bof\s+the\b|가운데|\S+\s*중\s", re.I)


def _within(value: str | None, reference: str | None, days: int) -> bool:
    """Both dates to the day, no more than `days` apart either way."""
    if not value or not reference or len(value) < 10 or len(reference) < 10:
        return False
    return abs((_as_day(value) - _as_day(reference)).days) <= days


def _earlier_round(draft: Draft, drafts: list[Draft]) -> bool:
    """The same thing happened again years later in the story (caught in 2019, caught again in March): the first
    time is her past, not this story's events."""
    if not draft.date:
        return False
    gaps = [_days_before(draft.date, o.date) or 0 for o in drafts if o.type == draft.type and o is not draft]
    return any(gap > _YEARS_EARLIER_DAYS for gap in gaps)


def _same_person(draft: Draft, lead_count: int | None) -> bool:
    """A story about one person retells her earlier arrest ("…before she was arrested in Helong in May 2021")."""
    return lead_count == 1 and draft.count == 1 and bool(_ONE_PERSON.search(draft.count_text or ""))


class _Group:
    """What the story has said so far about the people it follows."""

    def __init__(self, drafts: list[Draft], sentences: list[SentenceFacts]) -> None:
        main = [d for d in drafts if not d.background]
        first = next((d for d in main if d.count_own and d.count is not None), None)
        self.count = first.count if first else None
        self.qualifier = first.count_qualifier if first else "unknown"
        if first is None:
            self.count, self.qualifier = _count_told_refuted(sentences)
        if first is None and self.count is None and any(d.count_own and d.count_qualifier == "about" for d in main[:1]):
            self.qualifier = "about"  # "detained several defectors": no number, but the group is "some"
        self.children = next(
            (d.children for d in main
             if d.children is not None and (d.count == self.count or (d.count is None and not d.count_own))), None
        )
        if self.children is None:
            self.children = _children_said_elsewhere(sentences, self.count)
        self.country: str | None = None
        self.place: Draft | None = None
        self.returned = any(d.type == "repatriated" for d in main)
        self.returned_yet = False  # a return already walked (custody before it is abroad)
        self.sentences = {facts.index: facts for facts in sentences}

    def fill(self, draft: Draft) -> None:
        if draft.type in ("sentenced", "died") and self.returned and not draft.country_own:
            draft.country = NORTH_KOREA  # punished or dead after a return told in the same story
        if draft.type in ("detained", "released") and self.returned_yet and self._told_at_home(draft):
            draft.country = NORTH_KOREA  # "조사가 끝난 뒤 풀려나" after the return: held and let go at home
        if draft.count is None and not draft.count_own and (self.count is not None or self.qualifier == "about"):
            draft.count, draft.count_qualifier = self.count, self.qualifier
        if self.children is not None and draft.count == self.count and (draft.children is None or not draft.count_own):
            draft.children = self.children
        if draft.country is None:
            draft.country = self.country
        _to_the_capital(draft)
        self._label_move(draft)
        same_country = self.place is not None and draft.country == self.place.country
        if same_country and draft.type != "arrived" and draft.place is None:
            draft.place, draft.place_label = self.place.place, self.place.place_label  # type: ignore[union-attr]
            moved_to = draft.destination_place if draft.type == "transferred" else None
            if moved_to is not None and draft.place is not None and moved_to.country == draft.place.country and (
                moved_to.name != draft.place.name
            ):
                draft.place_label = f"{draft.place.name}; {moved_to.name}"  # "handed over … at the Hekou border gate"

    def _label_move(self, draft: Draft) -> None:
        """ "Caught in Hunchun." … "They were moved to a detention center in Tumen": a move naming only where the
        group went is written "origin; destination" (the codebook's form for moves), the origin told before."""
        here = self.place.place if self.place is not None else None
        moved_to = draft.place
        if draft.type != "transferred" or draft.trigger.destination is not None or draft.place_label:
            return
        if here is None or moved_to is None or not draft.place_own or draft.destination_place is not None:
            return
        if here.country == moved_to.country and here.name != moved_to.name and self.place.sentence < draft.sentence:  # type: ignore[union-attr]
            draft.place_label = f"{here.name}; {moved_to.name}"

    def moves_within(self, draft: Draft) -> bool:
        """ "Arrested in Yanji … taken to the Yanji detention center", "taken to a facility in the city": a move
        inside the town where the group is held is part of the arrest, not a transfer."""
        if draft.type != "transferred" or draft.trigger.destination is not None or self.place is None:
            return False
        here, caught = self.place.place, self.place
        if here is None or caught.type != "detained" or caught.trigger.state or caught.sentence >= draft.sentence:
            return False  # only a move told after the arrest that put the group there
        if here.text not in caught.evidence:
            return False  # the place came from a later telling ("is now held in Tumen")
        facts = self.sentences.get(draft.sentence)
        named = [p for p in facts.places if p.kind != "country"] if facts is not None else []
        if named:
            return all(p.name == here.name for p in named)
        return bool(facts is not None and _LOCAL.search(facts.text))

    def _told_at_home(self, draft: Draft) -> bool:
        """Custody told as a state, or a release, told after the return with no country of its own, no place abroad
        in its sentence ("taken to a hospital in Hunchun") and not of other people ("The other two … were let go")."""
        if draft.country_own or _OTHER_PEOPLE.search(draft.evidence):
            return False
        if draft.type == "detained" and not draft.trigger.state:
            return False  # "when she was caught": an arrest retold after the return happened before it
        facts = self.sentences.get(draft.sentence)
        return facts is None or all(p.country == NORTH_KOREA or p.kind == "country" for p in facts.places)

    def learn(self, draft: Draft) -> None:
        if draft.weak:
            return  # a habit ("Vietnam has returned groups to China") does not move the group
        if draft.type in ("detained", "released", "at_risk", "died") and draft.country_own:
            if self.country != draft.country:
                self.place = None
            self.country = draft.country
            if draft.place_own and draft.type != "at_risk":
                self.place = draft
            if draft.held_place is not None and draft.held_place.country == draft.country:
                self.place = replace(draft, place=draft.held_place, place_label=None)
        elif draft.type == "transferred":
            if draft.destination_country and draft.destination_country != draft.country:
                self.country, self.place = draft.destination_country, None
            elif self.country is None:
                self.country = draft.country
            arrived_at = draft.destination_place or (draft.place if draft.place_own else None)
            if arrived_at is not None and arrived_at.country == self.country:
                # "moved to a border detention centre in Tumen": the group is there now
                self.place = replace(draft, place=arrived_at, place_label=None, country=arrived_at.country)
        elif draft.type == "repatriated" and self.country is None:
            self.country = draft.country
        if draft.type == "repatriated":
            self.returned_yet = True


_OTHER_PEOPLE = re.compile(r"\b(?:other|others|another)\b|다른", re.I)
_LOCAL = re.compile(r"\b(?:in|of)\s+the\s+(?:same\s+)?(?:city|town|county)\b|\ba\s+local\b|같은\s*(?:시|지역)")


def _to_the_capital(draft: Draft) -> None:
    """ "found them near Zamyn-Uud … and took them to the capital": moved to the capital of the country they are in."""
    from refwatch.extract.places import find_places

    if draft.type != "transferred" or draft.destination_place is not None or not draft.trigger.text.endswith("capital"):
        return
    city = EMBASSY_CITIES.get(draft.country or "")
    found = [p for p in find_places(city) if p.country == draft.country] if city else []
    if not found:
        return
    draft.destination_place = found[0]
    if draft.place is not None and draft.place.name != found[0].name:
        draft.place_label = f"{draft.place.name}; {found[0].name}"


def _count_told_refuted(sentences: list[SentenceFacts]) -> tuple[int | None, CountQualifier]:
    """The people of a claim the story then corrects ("Five were sent back. That was wrong: they are held in
    Tumen"): the correction drops the event, not who the story is about."""
    for facts in sentences:
        if not facts.triggers or not all(t.negated for t in facts.triggers):
            continue
        people = [c for c in facts.counts if c.value is not None and not c.minors and not c.part]
        if people:
            return people[0].value, people[0].qualifier
    return None, "unknown"


def _children_said_elsewhere(sentences: list[SentenceFacts], group_count: int | None) -> int | None:
    """Minors told in a sentence about the group without an event ("Five of the nine are minors"; a plan or a
    wish is no event: "…열두 살 손녀가 타고 있었으며, 이들은 모두 귀순하겠다는 뜻을 밝혔다")."""
    for facts in sentences:
        minors = [c.value for c in facts.counts if c.minors and c.value]
        if not minors or any(event_kind(t) is not None for t in facts.triggers):
            continue
        same_group = facts.group_reference or any(
            c.value == group_count for c in facts.counts if not c.minors and c.value is not None
        )
        if same_group and (group_count is None or max(minors) <= group_count):
            return max(minors)
    return None


_EMBASSY_WORDS = re.compile(r"embassy|대사관", re.I)
_CONSULATE_WORDS = re.compile(r"consulate|영사관|총영사", re.I)


def _embassy_city(drafts: list[Draft]) -> None:
    """An arrival at "the South Korean embassy" with no city named is in the country's capital."""
    from refwatch.extract.places import find_places

    for draft in drafts:
        if draft.type != "arrived" or draft.place is not None or draft.trigger.destination != "embassy":
            continue
        city = EMBASSY_CITIES.get(draft.country or "")
        if city is None or not _EMBASSY_WORDS.search(draft.evidence) or _CONSULATE_WORDS.search(draft.evidence):
            continue
        found = [p for p in find_places(city) if p.country == draft.country]
        draft.place = found[0] if found else None


def _backfill(drafts: list[Draft]) -> None:
    """Main drafts still without a country take the story's custody country (and place)."""
    main = [d for d in drafts if not d.background]
    anchor = next((d for d in main if d.type in ("detained", "released") and d.country), None)
    anchor = anchor or next((d for d in main if d.country and d.type != "arrived"), None)
    if anchor is None:
        return
    for draft in main:
        if draft.country is None and draft.type != "arrived":
            draft.country = anchor.country
        if draft.place is None and draft.country == anchor.country and draft.type != "arrived" and anchor.place_own:
            draft.place = anchor.place


def carry_group(drafts: list[Draft], sentences: list[SentenceFacts]) -> str | None:
    """Fill main drafts from the group; returns the country the group is in at the end."""
    return follow_group(drafts, sentences).country


def _chronological(drafts: list[Draft]) -> list[Draft]:
    """The drafts in the order things happened, as far as their dates say; an undated draft keeps its place after
    the dated one told before it. A lead that sums up the story ("…handed to the embassy") would otherwise be
    walked before the moves the body tells ("moved to Vientiane on Nov. 8")."""
    keyed: list[tuple[str, int, Draft]] = []
    last = ""
    for index, draft in enumerate(drafts):
        last = draft.date or last
        keyed.append((draft.date or last, index, draft))

    def order(a: tuple[str, int, Draft], b: tuple[str, int, Draft]) -> int:
        n = min(len(a[0]), len(b[0]))  # "last week" (a month) and "Jan. 19" (a day) keep the order told
        first, second = (a[0][:n], a[1]), (b[0][:n], b[1])
        return -1 if first < second else (1 if first > second else 0)

    return [draft for _, _, draft in sorted(keyed, key=cmp_to_key(order))]


def _risk_where_sent(drafts: list[Draft]) -> None:
    """ "deported four to China …, warning that they now risk being sent back": the risk is where they were sent."""
    for draft in drafts:
        if draft.type != "at_risk":
            continue
        move = next((d for d in drafts if d.type == "transferred" and d.sentence == draft.sentence
                     and d.trigger.end <= draft.trigger.start and d.destination_country not in (None, NORTH_KOREA)
                     and d.background == draft.background), None)
        if move is not None and draft.country != move.destination_country:
            draft.country, draft.place, draft.place_label = move.destination_country, None, None


def follow_group(drafts: list[Draft], sentences: list[SentenceFacts]) -> _Group:
    """Fill main drafts from the group; returns the group as it stands at the end of the story."""
    _risk_where_sent(drafts)
    group = _Group(drafts, sentences)
    local: list[Draft] = []
    for draft in _chronological(drafts):
        if draft.background:
            continue
        if group.moves_within(draft):
            local.append(draft)
            continue
        group.fill(draft)
        resolve_back(draft)
        group.learn(draft)
    drafts[:] = [d for d in drafts if not any(d is m for m in local)]
    _backfill(drafts)
    for draft in drafts:
        if draft.type == "arrived" and draft.country is None:
            draft.country = draft.nearby_country
    _embassy_city(drafts)
    for draft in drafts:
        if draft.children is not None and draft.count is not None and draft.children > draft.count:
            draft.children = None
    return group


def score_confidence(draft: Draft) -> float:
    """How sure we are: own evidence raises it, hedges, carried values and weak cues lower it."""
    value = 0.55
    value += 0.1 * draft.count_own + 0.1 * (draft.date is not None) + 0.1 * (draft.place_own or draft.country_own)
    value -= 0.15 * draft.hedged + 0.2 * draft.weak + 0.05 * (draft.type == "at_risk")
    value -= 0.15 * (draft.country is None)
    value += draft.confidence - 0.5
    return round(max(0.05, min(0.97, value)), 2)


def to_event(draft: Draft) -> Event:
    place = draft.place
    vague = draft.count_qualifier == "about"  # "hundreds of": no number, but "about"
    return Event(
        type=draft.type,
        date=draft.date,
        date_precision=draft.date_precision if draft.date else "unknown",
        country=draft.country,
        place=draft.place_label or (place.name if place else None),
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        count=draft.count,
        count_qualifier=draft.count_qualifier if draft.count is not None or vague else "unknown",
        children=draft.children,
        authority=draft.authority,
        background=draft.background,
        evidence=draft.evidence,
        confidence=score_confidence(draft),
    )
