"""English rules for the extractor, registered as `refwatch.rules_en.v1`.

`rules` implements `refwatch.extract.mentions.LanguageRules`; each finder lives in its own
module (sentences, numbers, dates, triggers, actors, cues).
"""

from __future__ import annotations

from refwatch.extract.en.actors import find_attributions, find_authorities
from refwatch.extract.en.cues import relevance_cues
from refwatch.extract.en.dates import find_dates, is_furniture
from refwatch.extract.en.discourse import (
    background_cue,
    background_cue_start,
    dates_previous,
    hedged,
    other_people,
    place_roles,
    refers_to_group,
    reporting_spans,
    shares_adjuncts,
    trend,
    voluntary_return,
)
from refwatch.extract.en.numbers import find_counts
from refwatch.extract.en.sentences import split_sentences
from refwatch.extract.en.triggers import find_triggers, refutes_previous
from refwatch.extract.mentions import CountMention, DateMention, PlaceMention, Span, Trigger


class EnglishRules:
    code = "en"
    name = "refwatch.rules_en.v1"
    adjunct_side = "after"  # "detained … in Lang Son on Oct. 23", "handed over … at the Tumen crossing"

    def sentences(self, text: str) -> list[Span]:
        return split_sentences(text)

    def counts(self, sentence: str) -> list[CountMention]:
        return find_counts(sentence)

    def dates(self, sentence: str, published: str | None) -> list[DateMention]:
        return find_dates(sentence, published)

    def triggers(self, sentence: str) -> list[Trigger]:
        if is_furniture(sentence):
            return []
        return find_triggers(sentence)

    def refutes(self, sentence: str) -> bool:
        """True for "That was wrong." after a sentence that told a claim."""
        return refutes_previous(sentence)

    def authorities(self, sentence: str) -> list[Span]:
        return find_authorities(sentence)

    def relevance_cues(self, text: str) -> dict[str, int]:
        return relevance_cues(text)

    def attributions(self, sentence: str) -> list[Span]:
        return find_attributions(sentence)

    # Optional discourse cues (see `refwatch.extract.mentions.DiscourseRules`).
    def background_cue(self, sentence: str) -> bool:
        return background_cue(sentence)

    def background_cue_start(self, sentence: str) -> int:
        return background_cue_start(sentence)

    def refers_to_group(self, sentence: str) -> bool:
        return refers_to_group(sentence)

    def hedged(self, sentence: str) -> bool:
        return hedged(sentence)

    def reporting_spans(self, sentence: str) -> list[Span]:
        return reporting_spans(sentence)

    def place_roles(self, sentence: str, places: list[PlaceMention]) -> list[str | None]:
        return place_roles(sentence, places)

    def shares_adjuncts(self, between: str) -> bool:
        return shares_adjuncts(between)

    def dates_previous(self, sentence: str) -> bool:
        return dates_previous(sentence)

    def other_people(self, count_text: str) -> bool:
        return other_people(count_text)

    def trend(self, sentence: str) -> bool:
        return trend(sentence)

    def voluntary_return(self, sentence: str) -> bool:
        return voluntary_return(sentence)


rules = EnglishRules()
