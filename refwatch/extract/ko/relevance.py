"""Cheap relevance cues for Korean: one compiled pass over the whole text, no splitting.

The classes and their words are in `cues.tsv`; the relevance score itself is computed by the
language-independent scorer from these counts.
"""

from __future__ import annotations

from refwatch.extract.ko.lexicon import cue_pattern

CUE_CLASSES = ("people", "event", "risk", "negative")


def relevance_cues(text: str) -> dict[str, int]:
    counts = dict.fromkeys(CUE_CLASSES, 0)
    for m in cue_pattern().finditer(text):
        if m.lastgroup:
            counts[m.lastgroup] += 1
    return counts
