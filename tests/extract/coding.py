"""Coding a short report for a rule test, and checking one fact of the result.

A fact is (type, field, value): some main event of that type has `field == value`; with `field`
None, the report has no main event of that type.
"""

from __future__ import annotations

from refwatch.extract import extract, raise_error
from refwatch.types import Report


def coded(text: str, language: str, published: str, title: str | None = None) -> tuple[bool, list[dict]]:
    """The relevance decision and the main (not background) events, as the contract prints them."""
    report = Report(text=text, language=language, published=published, title=title)
    contract = extract(report, "rule-test", on_error=raise_error).to_contract()
    return contract["relevant"], [e for e in contract["events"] if not e["background"]]


def assert_fact(events: list[dict], fact: tuple) -> None:
    kind, field, value = fact
    of_kind = [e for e in events if e["type"] == kind]
    if field is None:
        assert not of_kind, events
        return
    assert any(e[field] == value for e in of_kind), events


def trigger_kinds(sentence: str) -> list[tuple[str, str]]:
    """(type, modality) of each English trigger; modality joins neg/plan/hyp/hab, '' for a plain past event."""
    from refwatch.extract.en.triggers import find_triggers

    out = []
    for t in find_triggers(sentence):
        flags = "".join(
            name for name, on in (("neg", t.negated), ("plan", t.planned), ("hyp", t.hypothetical), ("hab", t.habitual))
            if on
        )
        out.append((t.type, flags))
    return out
