"""What the language rules find inside one sentence, before events are assembled.

Every finder takes a sentence (a plain `str`) and returns mentions whose `start`/`end` are
character offsets into that sentence, so the assembler can reason about distance and order
("the count nearest the trigger", "the date after the place") the same way in both languages.

The per-language modules (`extract/en/`, `extract/ko/`) implement `LanguageRules`; places
come from the shared gazetteer (`extract/places/`), whatever the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from refwatch.types import CountQualifier, Precision


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class CountMention:
    """A number of people: "10 defectors", "nine of the ten", "600여 명", "a family of three".

    `value` is None for vague amounts ("dozens", "수십 명"), with qualifier `about`.
    `minors` marks counts of children or infants ("a 1-year-old", "미성년자 두 명").
    `part` marks a number that is only a part of a larger group the text counts elsewhere
    ("어린이 4명을 포함한", "아이 2명도", "including two children"): it can feed `children`
    but is not the headcount of the event.
    """

    start: int
    end: int
    text: str
    value: int | None
    qualifier: CountQualifier
    minors: bool = False
    part: bool = False


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date resolved against the publication date: "last Friday", "지난 20일", "Oct. 23"."""

    start: int
    end: int
    text: str
    value: str | None
    precision: Precision
    relative: bool = False
    # Dates told relative to the event before ("the same day", "같은 날", "a few days later"):
    # "same", "before" (the day before), "after" (the day after), "+N" (N days after: "two days later",
    # "나흘 뒤") or "later" (same month or after).
    # `value` is then None and the assembler resolves it against the previous event's date.
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place found through the gazetteer, with its English (GeoNames) name."""

    start: int
    end: int
    text: str
    name: str
    country: str
    lat: float | None
    lon: float | None
    kind: str  # "city", "admin1" (province), "country", "crossing", "water"


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word or phrase that states an event of `type` ("detained", "북송").

    `negated` ("was never transferred"), `planned` ("will be flown to Seoul", "넘겨질 것으로")
    and `hypothetical` ("could be sent back") let the assembler drop non-events or turn them
    into `at_risk`.
    """

    start: int
    end: int
    text: str
    type: str
    negated: bool = False
    planned: bool = False
    hypothetical: bool = False
    # A general practice, not one event ("Thailand normally prosecutes…", "routinely returns").
    habitual: bool = False
    # Where the people were sent, when the words say: an ISO country code ("KP" for a hand-over
    # to North Korea's agents) or "embassy" for a South Korean mission. The assembler uses it to
    # tell `repatriated` from `transferred` and to add `arrived` after a release to an embassy.
    destination: str | None = None
    # Custody told as a state ("are being held at…", "구금돼 있다") rather than as the arrest: it adds
    # to the story's detention when there is one instead of standing as a second detention.
    state: bool = False


class LanguageRules(Protocol):
    """What `extract/en/` and `extract/ko/` each provide, registered under a versioned name."""

    code: str
    name: str

    def sentences(self, text: str) -> list[Span]: ...

    def counts(self, sentence: str) -> list[CountMention]: ...

    def dates(self, sentence: str, published: str | None) -> list[DateMention]: ...

    def triggers(self, sentence: str) -> list[Trigger]: ...

    def authorities(self, sentence: str) -> list[Span]:
        """Who holds or moves the people; `Span.text` is the normalised English name."""
        ...

    def relevance_cues(self, text: str) -> dict[str, int]:
        """Counts of cue classes over a whole text, for the cheap relevance score.

        Keys: "people" (defectors, 탈북민), "event" (detained, 북송…), "risk" (forced return,
        강제송환 우려…), "negative" (resettled life, missile, election…).
        """
        ...

    def attributions(self, sentence: str) -> list[Span]:
        """Who the sentence attributes its facts to; `Span.text` is the source as listed."""
        ...


class DiscourseRules(Protocol):
    """Optional extras a language's rules may add; the assembler uses each one it finds.

    Without them the assembler still works, with less help: no refutation across sentences,
    background only by dates and counts, every place neutral, every date an event date.
    """

    def refutes(self, sentence: str) -> bool:
        """The sentence says the one before it was wrong ("That was wrong.", "사실이 아닌 것으로")."""
        ...

    def background_cue(self, sentence: str) -> bool:
        """The sentence recalls another case ("recalling the 2013 case", "지난해 …에도")."""
        ...

    def refers_to_group(self, sentence: str) -> bool:
        """The sentence opens on the story's own group ("The group…", "이들은…")."""
        ...

    def hedged(self, sentence: str) -> bool:
        """The claim is unconfirmed ("reportedly", "could not confirm", "알려졌다")."""
        ...

    def reporting_spans(self, sentence: str) -> list[Span]:
        """Speech verbs ("said", "밝혔다"): a date nearer one of them is when it was said."""
        ...

    def place_roles(self, sentence: str, places: list[PlaceMention]) -> list[str | None]:
        """For each place: "origin" ("from Onsong"), "destination" ("to Tumen") or None."""
        ...

    def dates_previous(self, sentence: str) -> bool:
        """A sentence with no event word that dates the one before ("It happened on Dec. 4.")."""
        ...

    def other_people(self, count_text: str) -> bool:
        """The counted people are of another nation ("31 Myanmar migrants"): the story is not about them."""
        ...

    def trend(self, sentence: str) -> bool:
        """The sentence states a trend ("increasingly", "a growing number of", "사례가 늘고", "추세"): a return told
        in it as a habit is no event, not even a weak risk."""
        ...

    def voluntary_return(self, sentence: str) -> bool:
        """The people asked to go back ("after they expressed a wish to return home", "귀환 의사를 밝힌"): a return
        told of them is no forced return, and the story's later hand-overs are not either."""
        ...
