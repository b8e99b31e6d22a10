"""Where an event happened: its place, country and authority, read from its sentence.

For a hand-over, the sending side; for an arrival, the destination; otherwise the nearest place
that is not an origin ("crossed from China") nor in North Korea. The country comes from the place,
then the authority, then a country the sentence names. Split from `assemble.py`, which decides which
places a trigger may use.
"""

from __future__ import annotations

import re
from typing import Any

from refwatch.extract.facts import Draft, SentenceFacts
from refwatch.extract.geo import BORDERS_NORTH_KOREA, NORTH_KOREA, SOUTH_KOREA, authority_country
from refwatch.extract.mentions import PlaceMention, Span, Trigger
from refwatch.extract.spans import adjunct_side, distance, sided_distance

# Custody, release, punishment or death in the hands of North Korea's agents (`Trigger.destination` "KP":
# "held by the State Security in Hyesan", "보위부 구류장에 갇혀"): it happened in North Korea.
HELD_IN_NORTH = ("detained", "released", "sentenced", "died")

PLACE_KIND_RANK = {"city": 0, "crossing": 0, "admin1": 1, "region": 2, "water": 2}


def roles(facts: SentenceFacts, rules: Any) -> list[str | None]:
    finder = getattr(rules, "place_roles", None)
    if finder is None:
        return [None] * len(facts.places)
    return list(finder(facts.text, facts.places))


def _containing_city(facts: SentenceFacts, place: PlaceMention) -> PlaceMention:
    """ "Bangkok's Bang Kapi district" names the district by its city: report the city."""
    for other in facts.places:
        if other.kind == "city" and facts.text[other.end : place.start] in ("'s ", "’s "):
            return other
    return place


def _choose_place(
    draft: Draft, facts: SentenceFacts, roles: list[str | None], trigger: Trigger, allowed: set[int],
    side: str | None, preferred: str | None = None,
) -> tuple[PlaceMention | None, PlaceMention | None]:
    """(place of the event, destination place) among the sentence's places this trigger may use.

    `preferred` is the country of the authority acting ("Thai police arrested … near the Golden Triangle"):
    among places in several countries, one in that country wins.
    """
    candidates = []
    destinations = []
    anywhere = draft.type == "transferred"  # "Ten caught in Shenyang … were moved to Tumen": origin; destination
    to_embassy = trigger.destination == "embassy"
    for index, (place, role) in enumerate(zip(facts.places, roles, strict=False)):
        if not _usable(draft, place, role, trigger) or (index not in allowed and not anywhere):
            continue
        after_arrival = role is None and draft.type == "arrived" and place.start > trigger.end
        if role == "destination" or (after_arrival and not to_embassy):
            destinations.append(place)
        entry = draft.type == "arrived" and place.country == SOUTH_KOREA
        if role == "origin" and draft.type not in ("transferred", "repatriated") and not entry:
            continue  # (but "인천공항을 통해 입국": the port of entry is where they arrived)
        if role == "destination" and draft.type != "arrived":
            continue
        candidates.append(place)
    receiver = trigger.destination if trigger.destination not in (None, "back", "embassy", NORTH_KOREA) else None
    if draft.type == "transferred" and any(p.country != receiver for p in candidates):
        # "핑샹 쪽 국경을 통해 중국 공안에 인계": across a border, the receiving side is not where it happened
        candidates = [p for p in candidates if p.country != receiver]
    elif draft.type == "transferred" and receiver is not None and not destinations:
        # "handed over to Chinese police at the Hekou border gate", the sending side unnamed: the place on the
        # receiving side is where the group went; where it happened is where the group was held
        received = [p for p in candidates if p.kind in ("city", "crossing") and p.start > trigger.end]
        if received:
            return None, min(received, key=lambda p: p.start)
    if draft.type == "arrived" and (destinations or to_embassy):
        candidates = [p for p in destinations if not to_embassy or p.kind != "admin1"]
    if draft.type == "arrived" and trigger.destination == SOUTH_KOREA:
        candidates = [p for p in candidates if p.country == SOUTH_KOREA]  # "…팔려가 … 한국에 도착했다"
    if draft.type == "detained" and trigger.destination != NORTH_KOREA:
        # "arrested in Yanji after fleeing Musan": a place abroad wins over one in North Korea
        candidates = [p for p in candidates if p.country != NORTH_KOREA] or candidates
    if not candidates:
        return None, (destinations[0] if destinations else None)

    def gap(p: PlaceMention) -> int:
        return sided_distance(trigger, p.start, p.end, side)

    best = min(candidates, key=gap)
    if preferred is not None and best.country != preferred:
        best = min((p for p in candidates if p.country == preferred), key=gap, default=best)
    precise = [p for p in candidates if p.country == best.country]
    best = min(precise, key=lambda p: (PLACE_KIND_RANK.get(p.kind, 1), gap(p)))
    destination = next((d for d in destinations if d is not best), None)
    return _containing_city(facts, best), destination


def _usable(draft: Draft, place: PlaceMention, role: str | None, trigger: Trigger) -> bool:
    """Places that can never be where this event happened.

    A river or sea belongs to both banks ("the Russian bank of the Tumen River"); North Korea is only
    where returnees are punished or die, or people are caught before crossing; South Korea only where people
    arrive, and never the place of a South Korean embassy abroad.
    """
    if place.kind in ("country", "water") or role == "ignore":
        return False
    caught_at_home = draft.type == "detained" and not trigger.state and place.kind in ("city", "crossing")
    held_at_home = draft.type in HELD_IN_NORTH and trigger.destination == NORTH_KOREA  # "혜산시 보위부 구류장에 갇혀"
    at_home = caught_at_home or held_at_home
    if place.country == NORTH_KOREA and draft.type not in ("sentenced", "died") and not at_home:
        return False  # (a detention there is one before any crossing: "caught by border guards in Onsong")
    # "unless Seoul moves quickly": only arrivals happen in South Korea
    return not (place.country == SOUTH_KOREA and (draft.type != "arrived" or trigger.destination == "embassy"))


def _named_country(
    facts: SentenceFacts, draft: Draft, roles: list[str | None], trigger: Trigger, allowed: set[int]
) -> str | None:
    named = [
        (p, r) for i, (p, r) in enumerate(zip(facts.places, roles, strict=False))
        if p.kind == "country" and p.country != NORTH_KOREA and i in allowed and r != "ignore"
    ]
    if draft.type in ("transferred", "repatriated"):
        named = [(p, r) for p, r in named if r != "destination" and p.country != draft.destination_country]
    elif draft.type != "arrived":
        named = [(p, r) for p, r in named if r not in ("origin", "destination") and p.country != SOUTH_KOREA]
    else:
        named = [(p, r) for p, r in named if r not in ("origin", "ignore")]
    if not named:
        return None
    side = "after" if draft.type == "arrived" else None  # "…in China arrived in South Korea": where they arrived
    place, _ = min(named, key=lambda pr: sided_distance(trigger, pr[0].start, pr[0].end, side))
    return place.country


# "detained on Dec. 2 and handed to Chinese police": the receiver of a hand-over did not hold them before.
_HANDED_TO = re.compile(r"\b(?:hand(?:ed|s|ing)?|turn(?:ed|s|ing)?|transferr(?:ed|ing)|deliver(?:ed|ing)?|expelled"
                        r"|deported|pushed)\b[^.;,]{0,30}?\b(?:to|over\s+to)\s+(?:the\s+)?$", re.I)


def _authority(facts: SentenceFacts, draft: Draft, trigger: Trigger) -> Span | None:
    """The nearest authority that holds or sends the people: never North Korea, never the receiver."""
    receiver = draft.destination_country
    usable = [a for a in facts.authorities if authority_country(a.text) not in (NORTH_KOREA, receiver)
              and not _HANDED_TO.search(facts.text, max(0, a.start - 60), a.start)]
    if not usable:
        return None
    return min(usable, key=lambda a: distance(trigger.start, trigger.end, a.start, a.end))


def attach_place(
    draft: Draft, facts: SentenceFacts, trigger: Trigger, rules: Any, allowed: set[int], roles: list[str | None]
) -> None:
    """Fill the draft's place, country and authority; `roles` are the sentence's place roles (`roles`)."""
    if trigger.destination in ("KP", "CN", "KR"):
        draft.destination_country = trigger.destination
    acting = authority_country(a.text) if draft.type != "arrived" and (a := _authority(facts, draft, trigger)) else None
    place, destination = _choose_place(draft, facts, roles, trigger, allowed, adjunct_side(rules), acting)
    if destination is not None and draft.type == "transferred" and draft.destination_country is None:
        draft.destination_country = destination.country
    authority = _authority(facts, draft, trigger)
    draft.authority = authority.text if authority else None
    authority_code = authority_country(draft.authority)
    if destination is not None and draft.type == "transferred":
        draft.destination_place = destination
    if place is not None:
        draft.place, draft.place_own = place, True
        if draft.type == "transferred" and destination is not None and destination.country == place.country:
            draft.place_label = f"{place.name}; {destination.name}"
    named = _named_country(facts, draft, roles, trigger, allowed)
    if draft.type == "arrived" and trigger.destination == SOUTH_KOREA:
        named = named or SOUTH_KOREA  # "북방한계선을 넘어 귀순했다": the crossing itself says where
    if draft.type in ("transferred", "repatriated"):
        country = authority_code if authority_code not in (None, NORTH_KOREA) else None
        country = country or (place.country if place else None) or named
    elif draft.type == "arrived":
        country = (place.country if place else None) or named
        if country is None and trigger.destination == "embassy":
            draft.nearby_country = _country_of_nearest_place(facts, trigger)  # used if the story names none
    else:
        country = (place.country if place else None) or authority_code or named
    if draft.type in HELD_IN_NORTH and trigger.destination == NORTH_KOREA:
        country = NORTH_KOREA
        if place is not None and place.country != NORTH_KOREA:
            draft.place, draft.place_own = None, False
    if country is not None:
        draft.country, draft.country_own = country, True
    resolve_back(draft)


def _country_of_nearest_place(facts: SentenceFacts, trigger: Trigger) -> str | None:
    """ "싱가포르 항구 … 현지 한국대사관으로 피신": an embassy in no named country is in the country of the nearest
    place abroad the sentence names (the embassy's city is then the capital, `context._embassy_city`)."""
    abroad = [p for p in facts.places if p.country not in (NORTH_KOREA, SOUTH_KOREA) and p.kind != "water"]
    if not abroad:
        return None
    return min(abroad, key=lambda p: distance(trigger.start, trigger.end, p.start, p.end)).country


def resolve_back(draft: Draft) -> None:
    """ "Sent back across the border" with no receiver named: to North Korea from China or Russia."""
    if draft.type == "transferred" and draft.trigger.destination == "back" and draft.country in BORDERS_NORTH_KOREA:
        draft.type, draft.destination_country = "repatriated", NORTH_KOREA
