"""The language-independent event builder: one draft per trigger, with the fields its sentence gives.

For each trigger the assembler decides what it is (a plan is no event; a hypothetical or a
habitual return is `at_risk`), then attaches from the same sentence:
- the count of people nearest the trigger (a lone "she" weighs less than a number) and the
  largest number of minors;
- the date nearest the trigger that no reporting verb ("said on Thursday") is closer to; a
  date belongs to its nearest trigger, and a neighbour with no trigger in between shares it;
- the place: for a hand-over, the sending side; for an arrival, the destination; otherwise
  the nearest place that is not an origin ("crossed from China") nor in North Korea;
- the country (place, then authority, then a named country) and the authority, skipping the
  receiving side of a hand-over.
Anaphoric dates ("the same day") are resolved against the draft before; duplicates (the same
event retold in the lead and the body) are merged by `merge.py`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from refwatch.extract.facts import Draft, SentenceFacts
from refwatch.extract.geo import SOUTH_KOREA, is_safe_arrival
from refwatch.extract.mentions import CountMention, DateMention, Span, Trigger
from refwatch.extract.spans import adjunct_side, distance, sided_distance
from refwatch.extract.where import PLACE_KIND_RANK, attach_place, resolve_back, roles

__all__ = ["PLACE_KIND_RANK", "adjunct_side", "build_drafts", "event_kind", "resolve_back"]

_LONE_PERSON_PENALTY = 25
_LONE_PERSON_REACH = 40  # a "she" or "one of the women" further from the trigger is someone else
_REPORTING_REACH = 12  # "said on Thursday": a date this close to a speech verb is when it was said
_QUOTES = re.compile("[\"“”「」『』]")
_FAVOURED_REACH = 150
_RETURN_DESTINATIONS = ("KP", "CN", "back")


def _between(text: str, start: int, end: int, other_start: int, other_end: int) -> str:
    return text[end:other_start] if other_start >= end else text[other_end:start]


_NEW_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s+(?!(?:was|were|then|later|also|is|are|had|have)\b)"
                         r"(?:a|an|the|its|their|his|her|[A-Z])\w*")


_PRONOUN_OBJECT = re.compile(r"\s+(?:them|him|her|the\s+group)\b")


def _is_pronoun(count: CountMention) -> bool:
    """ "she", "him": a lone person named by a pronoun, weaker evidence than a number."""
    return count.value == 1 and len(count.text) <= 3 and not any(ch.isdigit() for ch in count.text)


_RETURNS = ("repatriated", "at_risk")
_FOUND = re.compile(r"found\b|발견", re.I)
# Used when a language's rules offer no `trend` hook.
_TREND_DEFAULT = re.compile(r"increasingly|a growing number of|사례가\s*(?:늘|증가)|추세")


def _trend_only(facts: SentenceFacts, trigger: Trigger, rules: Any) -> bool:
    """A return told as a trend ("China has increasingly been sending them back", "북송하는 사례가 늘고 있다"),
    with no date of its own in the sentence, is a statement about a practice: no event, not even `at_risk`."""
    if trigger.type == "at_risk" and not trigger.habitual:
        return False  # "face an increasingly likely return": the group's own risk
    finder = getattr(rules, "trend", None)
    said = finder(facts.text) if finder is not None else bool(_TREND_DEFAULT.search(facts.text))
    return said and not any(d.value and not _date_of_telling(facts, d) for d in facts.dates)


def _date_of_telling(facts: SentenceFacts, mention: DateMention) -> bool:
    """ "…, a Seoul-based group said Wednesday": the day the report was given, not a date of the events."""
    return any(0 <= mention.start - r.end <= 2 for r in facts.reporting)


def event_kind(trigger: Trigger) -> tuple[str, bool] | None:
    """(type, weak) for a trigger, or None when it states no event (codebook: plans are not events)."""
    if trigger.negated:
        return None
    returning = trigger.type == "repatriated" or (
        trigger.type == "transferred" and trigger.destination in _RETURN_DESTINATIONS
    )
    if trigger.type == "at_risk":
        return "at_risk", trigger.habitual
    if trigger.planned or trigger.hypothetical:
        return ("at_risk", False) if returning else None
    if trigger.habitual:
        return ("at_risk", True) if returning else None
    return trigger.type, False


def _nearest_count(
    facts: SentenceFacts, trigger: Trigger, triggers: list[Trigger], side: str | None
) -> CountMention | None:
    """The count nearest the trigger with no other event word in between; failing that, a number
    before a lone person ("Four North Koreans who survived…, in which a fifth member froze…, arrived")."""
    free: list[tuple[int, CountMention]] = []
    blocked: list[tuple[bool, int, CountMention]] = []
    for count in facts.counts:
        if count.minors or count.part:
            continue
        distance = sided_distance(trigger, count.start, count.end, side if side == "before" else None)
        if _is_pronoun(count) or count.text.lower().startswith("one of"):
            if distance > _LONE_PERSON_REACH or facts.group_reference:
                continue
            distance += _LONE_PERSON_PENALTY
        if (
            side == "after" and count.end <= trigger.start and _NEW_CLAUSE.search(facts.text, count.end, trigger.start)
            and not _PRONOUN_OBJECT.match(facts.text, trigger.end)
        ):
            continue  # "arrested 17 …, and a court fined the adults": another clause's people ("… them" refers back)
        low, high = sorted((trigger.start, count.start))
        between = any(low < t.start < high and (t.start, t.end) != (trigger.start, trigger.end) for t in triggers)
        if between:
            blocked.append((count.value == 1, distance, count))
        else:
            free.append((distance, count))
    if free:
        return min(free, key=lambda pair: pair[0])[1]
    return min(blocked, key=lambda item: item[:2])[2] if blocked else None


def _owner(triggers: list[Trigger], start: int, end: int, distances: list[int], side: str | None) -> int:
    """The trigger a date or place belongs to: the nearest on the side the language puts adjuncts
    ("detained … in July and were released … on Sept. 20"), else the nearest overall."""
    inside = [i for i, t in enumerate(triggers) if t.start <= start and end <= t.end]
    if inside:
        return inside[0]  # "moved on Monday to": the date sits inside the verb phrase
    if side == "after":
        favoured = [i for i, t in enumerate(triggers) if t.end <= start and start - t.end <= _FAVOURED_REACH]
    elif side == "before":
        favoured = [i for i, t in enumerate(triggers) if t.start >= end and t.start - end <= _FAVOURED_REACH]
    else:
        favoured = []
    pool = favoured or list(range(len(triggers)))
    return min(pool, key=lambda i: distances[i])


def _may_share(facts: SentenceFacts, trigger: Trigger, start: int, end: int, rules: Any) -> bool:
    """A trigger may borrow a neighbour's date or place when the words between coordinate them."""
    shares = getattr(rules, "shares_adjuncts", None)
    if shares is None:
        return True
    low, high = (end, trigger.start) if end <= trigger.start else (trigger.end, start)
    return bool(shares(facts.text[low:high]))


def _date_owners(facts: SentenceFacts, triggers: list[Trigger], rules: Any) -> dict[int, list[DateMention]]:
    """Which trigger each date belongs to; dates nearer a reporting verb belong to none."""
    owned: dict[int, list[DateMention]] = {i: [] for i in range(len(triggers))}
    side = adjunct_side(rules)
    for mention in facts.dates:
        if mention.value is None and mention.anchor is None:
            continue
        distances = [sided_distance(t, mention.start, mention.end, side) for t in triggers]
        nearest = _owner(triggers, mention.start, mention.end, distances, side)
        told_after = side == "after" and triggers[nearest].end <= mention.start
        if told_after and _EARLIER_CLAUSE.search(facts.text, triggers[nearest].end, mention.start):
            continue  # "released three … who had been held since … June": the relative clause's date
        since = _SINCE.search(facts.text, max(0, mention.start - 8), mention.start) or _SINCE_HEAD.match(mention.text)
        if since and not triggers[nearest].state:
            continue  # "held in Laos since last month arrived …": the start of a custody, not the arrival's date
        reporting = [
            distance(r.start, r.end, mention.start, mention.end) for r in facts.reporting
            if not _QUOTES.search(_between(facts.text, r.start, r.end, mention.start, mention.end))
            and not _coordinated_speech(facts.text, mention, r, side)
            and not (told_after and _COMMA.search(facts.text, mention.end, r.start))  # "… on Feb. 17, it said"
        ]
        if reporting and min(reporting) <= _REPORTING_REACH and min(reporting) < distances[nearest]:
            continue
        owned[nearest].append(mention)
    if side == "after":
        _pass_on_extra_dates(triggers, owned)
    shared: dict[int, list[DateMention]] = {i: [] for i in range(len(triggers))}
    for i, trigger in enumerate(triggers):
        if owned[i]:
            continue
        for j, others in owned.items():
            for mention in others:
                low, high = sorted((trigger.start, mention.start))
                same_words = (trigger.start, trigger.end) == (triggers[j].start, triggers[j].end)
                clear = not any(low < t.start < high for k, t in enumerate(triggers) if k != i)
                if not clear and side == "before" and mention.end <= trigger.start:
                    if _chained(facts, triggers, mention, trigger, rules):
                        shared[i].append(mention)
                    continue
                if same_words or (clear and _may_share(facts, trigger, mention.start, mention.end, rules)):
                    shared[i].append(mention)
    return {i: owned[i] or shared[i] for i in owned}


def _coordinated_speech(text: str, mention: DateMention, speech: Span, side: str | None) -> bool:
    """ "drifted ashore … on Monday and told officials": in English a date of saying follows the verb
    ("said on Thursday"); one before a coordinated speech verb belongs to the event."""
    return side == "after" and mention.end <= speech.start and bool(_AND.search(text[mention.end : speech.start]))


_AND = re.compile(r"\band\b")
_SINCE = re.compile(r"\b[Ss]ince\s+$")
_SINCE_HEAD = re.compile(r"[Ss]ince\b")
_COMMA = re.compile(",")
# A custody state in a pluperfect relative clause tells how things stood before the event it hangs on.
# So does a clause about a thing ("the document, which the court published on Monday").
_EARLIER_CLAUSE = re.compile(
    r"\b(?:who|which)\s+had\s+(?:been\s+held|been\s+detained|been\s+in\s+custody)\b|,\s+which\b"
)


def _place_owners(facts: SentenceFacts, triggers: list[Trigger], rules: Any) -> list[set[int]]:
    """For each trigger, the indexes of the places it may use (nearest trigger first, as dates)."""
    allowed: list[set[int]] = [set() for _ in triggers]
    side = adjunct_side(rules)
    for p, place in enumerate(facts.places):
        distances = [sided_distance(t, place.start, place.end, side) for t in triggers]
        nearest = _owner(triggers, place.start, place.end, distances, side)
        allowed[nearest].add(p)
        for i, trigger in enumerate(triggers):
            low, high = sorted((trigger.start, place.start))
            same_words = (trigger.start, trigger.end) == (triggers[nearest].start, triggers[nearest].end)
            if i != nearest and (same_words or (
                not any(low < t.start < high for k, t in enumerate(triggers) if k != i)
                and _may_share(facts, trigger, place.start, place.end, rules)
            )):
                allowed[i].add(p)
    return allowed


def _chained(facts: SentenceFacts, triggers: list[Trigger], mention: DateMention, trigger: Trigger, rules: Any) -> bool:
    """ "지난 5월 … 붙잡혀 … 벌금형을 받았습니다": where adjuncts come first, a date before the first verb of a chain
    of linked verbs reaches each of them, as long as no other date is told along the chain."""
    if any(mention.end <= d.start < trigger.start for d in facts.dates if d is not mention and d.value):
        return False
    chain = sorted((t for t in triggers if mention.end <= t.start < trigger.start), key=lambda t: t.start)
    return all(
        _may_share(facts, later, earlier.start, earlier.end, rules)
        for earlier, later in zip(chain, [*chain[1:], trigger], strict=True)
    )


def _pass_on_extra_dates(triggers: list[Trigger], owned: dict[int, list[DateMention]]) -> None:
    """ "released two of the five arrested in Poipet on May 30 to the embassy on June 9": a verb inside a noun
    phrase keeps the day told right after it; a later day goes back to the verb before it that has none."""
    for i, trigger in enumerate(triggers):
        days = sorted((m for m in owned[i] if m.value and m.start >= trigger.end), key=lambda m: m.start)
        before = [j for j in range(i) if not owned[j] and triggers[j].end <= trigger.start]
        if len(days) < 2 or not before:
            continue
        owned[before[-1]].extend(days[1:])
        owned[i] = [m for m in owned[i] if m not in days[1:]]


def _borrowed(trigger: Trigger, mention: DateMention, rules: Any) -> bool:
    """A date told on the far side of the language's adjuncts belongs to the verb before (shared, not own)."""
    side = adjunct_side(rules)
    return (side == "after" and mention.end <= trigger.start) or (side == "before" and mention.start >= trigger.end)


def _pick_date(trigger: Trigger, mentions: list[DateMention]) -> DateMention | None:
    """The nearest date, a stated one before an anaphoric one ("On 12 December … the same day")."""
    if not mentions:
        return None
    return min(mentions, key=lambda m: (m.value is None, distance(trigger.start, trigger.end, m.start, m.end)))


def build_drafts(sentences: list[SentenceFacts], rules: Any, published: str | None = None) -> list[Draft]:
    """One draft per usable trigger, in document order, with its sentence's own values."""
    drafts: list[Draft] = []
    last_date: DateMention | None = None
    last_any = _published_day(published)  # "전날" with no date told before it: the day before the report
    context_date: DateMention | None = None  # a date told just before, in a sentence with no event word
    other_people = getattr(rules, "other_people", None)
    others = False  # the story so far is about people of another nation ("31 Myanmar migrants")
    voluntary = getattr(rules, "voluntary_return", None)
    went_home = False  # the story's people asked to go back: its returns are not forced
    for facts in sentences:
        usable = [(t, kind) for t in facts.triggers if (kind := event_kind(t)) is not None
                  and not (kind[0] in _RETURNS and _trend_only(facts, t, rules))]
        if not usable:
            _refine_previous(drafts, facts, rules, published)
            last_date = _last_stated(facts, last_date)
            last_any = _last_any(facts, last_any)
            context_date = _scene_date(facts, published) if not facts.triggers and facts.index > 0 else None
            continue
        _refine_previous(drafts, facts, rules, published)
        owners = _date_owners(facts, [t for t, _ in usable], rules)
        place_roles = roles(facts, rules)
        place_owners = _place_owners(facts, [t for t, _ in usable], rules)
        for i, (trigger, (event_type, weak)) in enumerate(usable):
            draft = Draft(type=event_type, sentence=facts.index, trigger=trigger, evidence=facts.text,
                          weak=weak, hedged=facts.hedged)
            count = _nearest_count(facts, trigger, [t for t, _ in usable], adjunct_side(rules))
            if other_people is not None and (count is not None or others):
                foreign = count is None or other_people(count.text)
                # a story that opened with them goes on about them ("The migrants were fined")
                others = foreign and not any(d.count_own for d in drafts)
                if foreign:
                    continue  # codebook: the events of North Koreans only
            if count is not None:
                draft.count, draft.count_qualifier, draft.count_own = count.value, count.qualifier, True
                draft.count_text = count.text
            minors = [c.value for c in facts.counts if c.minors and c.value]
            draft.children = max(minors) if minors else None
            picked = _pick_date(trigger, owners[i])
            if draft.type == "at_risk" and picked is not None and _borrowed(trigger, picked, rules):
                picked = None  # "transferred … on July 30 and are expected to be handed over": the move's date
            if picked is not None and picked.anchor and picked.value is None:
                reference = _stated_before(facts, picked.start) or last_date
                if reference is None and picked.anchor == "before":
                    reference = last_any  # "전날" told after "합참이 21일 밝혔다", or against the report's date
                if reference is not None and reference.value:
                    draft.date, draft.date_precision = _shift(reference.value, reference.precision, picked.anchor)
            elif picked is not None:
                draft.date, draft.date_precision = picked.value, picked.precision
            elif context_date is not None and context_date.value and draft.type not in ("at_risk", "arrived"):
                draft.date, draft.date_precision = context_date.value, context_date.precision
            if draft.type == "at_risk" and weak:
                draft.date, draft.date_precision = None, "unknown"  # a habit's date ("since 2023") is no risk's date
            attach_place(draft, facts, trigger, rules, place_owners[i], place_roles)
            if draft.type == "arrived" and not _arrival_is_safe(draft, trigger):
                continue
            if draft.type == "detained" and draft.country == SOUTH_KOREA:
                continue  # codebook: the South Korean military taking someone in is arriving, not detention
            if draft.type == "detained" and _FOUND.match(trigger.text) and draft.country != SOUTH_KOREA and (
                is_safe_arrival(draft.country)
            ):
                draft.type = "arrived"  # "the coast guard found the boat near Wajima": reaching a safe country
            if voluntary is not None and draft.type in (*_RETURNS, "transferred"):
                if voluntary(facts.text):
                    went_home = True
                if went_home:
                    continue  # "sent back two fishermen … after they expressed a wish to return home"
            drafts.append(draft)
        last_date = _last_stated(facts, last_date)
        last_any = _last_any(facts, last_any)
        context_date = None
    return drafts


def _refine_previous(drafts: list[Draft], facts: SentenceFacts, rules: Any, published: str | None) -> None:
    """ "…arrested two men earlier this month. It happened on Dec. 4": a day told right after an event dated only
    to the month (or week) gives that event its day, when it falls inside what was said and not after the report."""
    refines = getattr(rules, "dates_previous", None)
    if refines is None or not drafts or drafts[-1].sentence != facts.index - 1:
        return
    # "…said the raid took place on May 12 and that the detainees were taken to…": the date before the
    # sentence's own events still dates the one before
    first = min((t.start for t in facts.triggers), default=len(facts.text))
    days = [d for d in facts.dates if d.value and d.precision == "day" and d.end <= first]
    if len(days) != 1 or not refines(facts.text):
        return
    day = days[0].value or ""
    if published and day > published[:10]:
        return
    for draft in drafts:
        vague = draft.date is not None and draft.date_precision == "month" and day.startswith(draft.date)
        if draft.sentence == facts.index - 1 and draft.type != "at_risk" and vague:
            draft.date, draft.date_precision = day, "day"


def _scene_date(facts: SentenceFacts, published: str | None) -> DateMention | None:
    """The date of a sentence that sets the scene for the next event ("…지난 21일 새벽 … 뒤집혔다"),
    unless it is only the report's own date (a header or "said on" line)."""
    stated = _last_stated(facts, None)
    if stated is None or (published and stated.value == published):
        return None
    return stated


def _published_day(published: str | None) -> DateMention | None:
    if not published or len(published) < 10:
        return None
    return DateMention(0, 0, published, published[:10], "day")


def _last_any(facts: SentenceFacts, default: DateMention | None) -> DateMention | None:
    """The last date the sentence states, the date of telling included ("합참이 21일 밝혔다")."""
    stated = [d for d in facts.dates if d.value and d.precision == "day"]
    return stated[-1] if stated else default


def _stated_before(facts: SentenceFacts, position: int) -> DateMention | None:
    stated = [d for d in facts.dates if d.value and d.end <= position]
    return stated[-1] if stated else None


def _last_stated(facts: SentenceFacts, default: DateMention | None) -> DateMention | None:
    """The last date the sentence states, skipping when it was said ("said on Thursday")."""
    for mention in reversed(facts.dates):
        if not mention.value:
            continue
        near_speech = any(
            distance(r.start, r.end, mention.start, mention.end) <= _REPORTING_REACH for r in facts.reporting
        )
        if not near_speech:
            return mention
    return default


def _arrival_is_safe(draft: Draft, trigger: Trigger) -> bool:
    """Codebook: arriving means reaching safety — a South Korean mission or a country off the routes."""
    return trigger.destination == "embassy" or is_safe_arrival(draft.country)


def _shift(value: str, precision: str, anchor: str) -> tuple[str, Any]:
    """A date told relative to an earlier one: "the same day", "the day before", "+2" ("two days later")."""
    if anchor.startswith("+") and anchor.endswith("y"):  # "a year later" (English): the year after
        return str(int(value[:4]) + int(anchor[1:-1])), "year"
    if anchor in ("later", "same_month") or precision != "day":
        return value[:7], "month" if len(value) >= 7 else precision
    day = date.fromisoformat(value)
    delta = int(anchor[1:]) if anchor.startswith("+") else {"same": 0, "before": -1, "after": 1}.get(anchor, 0)
    return (day + timedelta(days=delta)).isoformat(), "day"
