"""Korean language rules for extraction, registered as `refwatch.rules_ko.v1`.

    from refwatch.extract.ko import rules
    rules.sentences(text); rules.counts(sentence); rules.dates(sentence, "2024-04-29")
    rules.triggers(sentence); rules.authorities(sentence); rules.attributions(sentence)
    rules.relevance_cues(text)
    rules.refutes / background_cue / refers_to_group / hedged / reporting_spans / place_roles
        (the optional discourse hooks of `extract/stages.py`)

Everything here is rules and word lists over the surface text, fast enough to code a report in
about a millisecond; Kiwi (`morph`) is loaded only for a paragraph the sentence rule cannot cut.
How Korean is handled and where it falls short: `docs/extraction-ko.md`.
"""

from __future__ import annotations

from refwatch.extract.ko import clauses, discourse
from refwatch.extract.ko.attribution import find_attributions
from refwatch.extract.ko.authorities import find_authorities
from refwatch.extract.ko.dates import find_dates
from refwatch.extract.ko.numbers import find_counts
from refwatch.extract.ko.relevance import relevance_cues
from refwatch.extract.ko.sentences import split_sentences
from refwatch.extract.ko.triggers import find_triggers
from refwatch.extract.mentions import CountMention, DateMention, PlaceMention, Span, Trigger

__all__ = ["KoreanRules", "rules"]


class KoreanRules:
    """The `LanguageRules` of Korean; stateless, so one instance serves every thread."""

    code = "ko"
    name = "refwatch.rules_ko.v1"
    adjunct_side = "before"  # "지난 23일 … 체포됐다": a verb's date and place stand before it

    def sentences(self, text: str) -> list[Span]:
        return split_sentences(text)

    def counts(self, sentence: str) -> list[CountMention]:
        return find_counts(sentence)

    def dates(self, sentence: str, published: str | None) -> list[DateMention]:
        return find_dates(sentence, published)

    def triggers(self, sentence: str) -> list[Trigger]:
        return find_triggers(sentence)

    def authorities(self, sentence: str) -> list[Span]:
        return find_authorities(sentence)

    def relevance_cues(self, text: str) -> dict[str, int]:
        return relevance_cues(text)

    def attributions(self, sentence: str) -> list[Span]:
        return find_attributions(sentence)

    # Optional hooks the pipeline uses when a language offers them (`extract/stages.py`).

    def shares_adjuncts(self, between: str) -> bool:
        return clauses.shares_adjuncts(between)

    def refutes(self, sentence: str) -> bool:
        return discourse.refutes(sentence)

    def background_cue(self, sentence: str) -> bool:
        return discourse.background_cue(sentence)

    def refers_to_group(self, sentence: str) -> bool:
        return discourse.refers_to_group(sentence)

    def hedged(self, sentence: str) -> bool:
        return discourse.hedged(sentence)

    def reporting_spans(self, sentence: str) -> list[Span]:
        return discourse.reporting_spans(sentence)

    def place_roles(self, sentence: str, places: list[PlaceMention]) -> list[str | None]:
        return discourse.place_roles(sentence, places)


rules = KoreanRules()
