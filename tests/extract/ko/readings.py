"""How the Korean rules read a sentence's event words, for the table tests of the rule rounds."""

from __future__ import annotations

from refwatch.extract.ko import rules


def trigger_readings(sentence: str) -> list[tuple[str, str]]:
    """(type, modality) of each trigger: "" plain, else negated, planned, hypothetical or habitual."""
    out = []
    for t in rules.triggers(sentence):
        modality = (
            "negated" if t.negated else "planned" if t.planned else "hypothetical" if t.hypothetical
            else "habitual" if t.habitual else ""
        )
        out.append((t.type, modality))
    return out
