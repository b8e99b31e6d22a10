"""What the assembler works on: each sentence with its mentions, and each event in the making.

`SentenceFacts` is filled by the pipeline's `triggers` and `mentions` stages from the
language rules and the gazetteer. `Draft` is an event under construction: fields the
sentence itself states are "own"; fields copied from the story's group are "carried", and
the difference feeds merging (only own values can conflict) and confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from refwatch.extract.mentions import CountMention, DateMention, PlaceMention, Span, Trigger
from refwatch.types import CountQualifier, Precision


@dataclass
class SentenceFacts:
    index: int
    start: int
    end: int
    text: str
    triggers: list[Trigger] = field(default_factory=list)
    counts: list[CountMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    authorities: list[Span] = field(default_factory=list)
    reporting: list[Span] = field(default_factory=list)
    background_cue: bool = False
    background_from: int = 0  # where the recalled case starts ("…, adding that … once before")
    group_reference: bool = False
    hedged: bool = False


@dataclass
class Draft:
    type: str
    sentence: int
    trigger: Trigger
    evidence: str
    count: int | None = None
    count_qualifier: CountQualifier = "unknown"
    count_own: bool = False
    # The words that gave the count ("she", "조 씨"): a pronoun or a named person retells the story's one person.
    count_text: str | None = None
    children: int | None = None
    date: str | None = None
    date_precision: Precision = "unknown"
    date_anchor: str | None = None
    place: PlaceMention | None = None
    place_label: str | None = None
    place_own: bool = False
    country: str | None = None
    country_own: bool = False
    destination_country: str | None = None
    destination_place: PlaceMention | None = None
    # Where a custody state told after the arrest holds them ("arrested in Yanji … held in Tumen"): the group's
    # place afterwards, though the arrest keeps its own place.
    held_place: PlaceMention | None = None
    # An embassy arrival in no named country: the country of the nearest place abroad in its sentence
    # ("싱가포르 항구 … 현지 한국대사관으로"), used only when the story gives the group no country either.
    nearby_country: str | None = None
    authority: str | None = None
    background: bool = False
    weak: bool = False  # turned into at_risk from a habit or a plan, or a weak cue
    hedged: bool = False
    confidence: float = 0.5

    @property
    def own_fields(self) -> int:
        return sum((self.count_own, self.date is not None, self.place_own, self.country_own))
