"""Independent source chains versus copies: what corroboration really counts.

Three English rewrites of one Korean wire story are one source, not four. Reports join one
chain when any of these holds:

- their texts are near-duplicates (MinHash), i.e. a syndicated copy;
- they come from the same outlet (an outlet's follow-up does not corroborate itself);
- one cites the other's outlet ("News1 reported");
- they cite the same named source (an outlet, an NGO); anonymous officials and sources
  ("a government official", "소식통") are not names and join nothing.

Names are compared whatever their script: Hangul is romanised (Revised Romanisation, syllable
by syllable) and the words that only say "news outlet" (통신, 일보, 신문, 방송 / News Agency,
Ilbo, Shinmun, Broadcasting) are also dropped, so an English rewrite citing the "Nuri News
Agency" is in the chain of the Korean wire 누리통신, not a second source.

The count errs low: two chains are independent only when nothing ties them together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from refwatch.incidents import minhash
from refwatch.incidents.facts import ReportFacts, arrival_order
from refwatch.incidents.match import COPY_SIMILARITY

_ANONYMOUS = re.compile(
    r"anonym|unnamed|unidentified|\bofficials?\b|\bsources?\b|\bresidents?\b|\bwitness|\bcontacts?\b|"
    r"소식통|관계자|당국자|주민|익명|목격",
    re.IGNORECASE,
)
_NOT_NAME = re.compile(r"[^0-9a-z\uac00-\ud7a3]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_MEDIA_WORDS = frozenset({"the", "news", "agency", "newspaper", "ilbo", "shinmun", "sinmun", "broadcasting",
                          "broadcast", "sosik", "tongsin"})
_MEDIA_SUFFIXES = ("통신", "일보", "신문", "방송", "소식", "뉴스")
_STEM_MIN = 3
_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_VOWELS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
           "yu", "eu", "ui", "i")
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t")


@dataclass(frozen=True, slots=True)
class SourceChain:
    """Reports that share one origin; `copies` are near-duplicate texts of another member."""

    origin: str
    reports: tuple[str, ...]
    copies: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"origin": self.origin, "reports": list(self.reports), "copies": list(self.copies)}


def romanise(text: str) -> str:
    """Hangul syllables in Revised Romanisation letters (누리 -> nuri, 한빛 -> hanbit); other text as it is."""
    out = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            out.append(_INITIALS[code // 588] + _VOWELS[code % 588 // 28] + _FINALS[code % 28])
        else:
            out.append(char)
    return "".join(out)


def name_keys(name: str | None) -> frozenset[str]:
    """Comparison keys of an outlet or source name: all its letters, and its stem without media words."""
    folded = (name or "").casefold()
    whole = _NOT_NAME.sub("", folded)
    if not whole:
        return frozenset()
    if _HANGUL.search(whole):
        stem = next((whole[: -len(s)] for s in _MEDIA_SUFFIXES if whole.endswith(s) and len(whole) > len(s)), whole)
    else:
        stem = "".join(word for word in _NOT_NAME.split(folded) if word and word not in _MEDIA_WORDS)
    whole_key, stem_key = romanise(whole), romanise(stem)
    return frozenset({whole_key, stem_key} if len(stem_key) >= _STEM_MIN else {whole_key})


def named_sources(report: ReportFacts) -> set[str]:
    """Keys of the named (not anonymous) sources a report cites."""
    return {key for s in report.sources if s and not _ANONYMOUS.search(s) for key in name_keys(s)}


class _Groups:
    def __init__(self, items: Sequence[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(b)] = self.find(a)


def _tied(a: ReportFacts, b: ReportFacts) -> bool:
    outlet_a, outlet_b = name_keys(a.outlet), name_keys(b.outlet)
    if outlet_a & outlet_b:
        return True
    cited_a, cited_b = named_sources(a), named_sources(b)
    if outlet_b & cited_a or outlet_a & cited_b:
        return True
    return bool(cited_a & cited_b)


def source_chains(members: Sequence[ReportFacts]) -> list[SourceChain]:
    """Group the incident's reports into independent chains, oldest chain first."""
    ordered = sorted(members, key=arrival_order)
    groups = _Groups([m.report_id for m in ordered])
    copies: set[str] = set()
    for a, b in combinations(ordered, 2):
        if minhash.similarity(a.signature, b.signature) >= COPY_SIMILARITY:
            copies.add(b.report_id)
            groups.join(a.report_id, b.report_id)
        elif _tied(a, b):
            groups.join(a.report_id, b.report_id)
    chains: dict[str, list[ReportFacts]] = {}
    for member in ordered:
        chains.setdefault(groups.find(member.report_id), []).append(member)
    return [
        SourceChain(
            origin=_origin(reports),
            reports=tuple(r.report_id for r in reports),
            copies=tuple(r.report_id for r in reports if r.report_id in copies),
        )
        for reports in chains.values()
    ]


def _origin(reports: Sequence[ReportFacts]) -> str:
    first = reports[0]
    named = [s for s in first.sources if s and not _ANONYMOUS.search(s)]
    return named[0] if named else first.outlet or "unknown outlet"
