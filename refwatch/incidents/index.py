"""Where the linker looks things up: one interface, kept in memory or in the database.

`refwatch extract` links one batch in a fresh `MemoryIndex`; the watch loop links into the
`StoreIndex` (`store_index.py`), whose keys and signatures live in indexed tables. Both
answer the same three questions with the same key scheme, so a batch run and the stored
linker make the same decisions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from refwatch.incidents.facts import ReportFacts, arrival_order
from refwatch.incidents.keys import QueryKeys, stored_keys

MAX_SPECIFIC_CANDIDATES = 25
MAX_COARSE_CANDIDATES = 15
MAX_MEMBERS_SCORED = 16
EARLIEST_MEMBERS_SCORED = 4


class LinkIndex(Protocol):
    def candidates(self, keys: QueryKeys, *, exclude_report: str | None = None) -> list[str]:
        """Incidents sharing keys with a report, most hits first, at most a fixed number."""
        ...

    def members(self, incidents: Sequence[str]) -> dict[str, Sequence[ReportFacts]]:
        """The facts of (a bounded sample of) each incident's reports, in one look-up."""
        ...

    def assign(self, facts: ReportFacts, incident: str, *, reasons: dict[str, float] | None = None) -> None:
        """Remember the report's facts and keys and that it belongs to `incident`."""
        ...


def top_incidents(hits: Iterable[str], limit: int, created: Mapping[str, int]) -> list[str]:
    """Most hits first, ties by creation order (as the database orders them by id)."""
    counts = Counter(hits)
    return sorted(counts, key=lambda i: (-counts[i], created.get(i, 0)))[:limit]


def sample_members(members: Sequence[ReportFacts]) -> list[ReportFacts]:
    """The first reports (the original story) and the latest ones, for big incidents."""
    if len(members) <= MAX_MEMBERS_SCORED:
        return list(members)
    by_time = sorted(members, key=arrival_order)
    latest = MAX_MEMBERS_SCORED - EARLIEST_MEMBERS_SCORED
    return by_time[:EARLIEST_MEMBERS_SCORED] + by_time[-latest:]


class MemoryIndex:
    """A linking context that lives as long as one batch."""

    def __init__(self) -> None:
        self._postings: dict[int, list[str]] = defaultdict(list)
        self._facts: dict[str, ReportFacts] = {}
        self._incident_of: dict[str, str] = {}
        self._members: dict[str, list[str]] = defaultdict(list)
        self._created: dict[str, int] = {}

    def candidates(self, keys: QueryKeys, *, exclude_report: str | None = None) -> list[str]:
        found: list[str] = []
        for group, limit in ((keys.specific, MAX_SPECIFIC_CANDIDATES), (keys.coarse, MAX_COARSE_CANDIDATES)):
            hits = [
                self._incident_of[report]
                for key in group
                for report in self._postings.get(key, ())
                if report != exclude_report and report in self._incident_of
            ]
            found.extend(i for i in top_incidents(hits, limit, self._created) if i not in found)
        return found

    def members(self, incidents: Sequence[str]) -> dict[str, Sequence[ReportFacts]]:
        return {i: sample_members([self._facts[r] for r in self._members.get(i, ())]) for i in incidents}

    def assign(self, facts: ReportFacts, incident: str, *, reasons: dict[str, float] | None = None) -> None:
        self._created.setdefault(incident, len(self._created))
        previous = self._incident_of.get(facts.report_id)
        if previous is not None:
            self._members[previous].remove(facts.report_id)
        else:
            for key in stored_keys(facts):
                self._postings[key].append(facts.report_id)
        self._facts[facts.report_id] = facts
        self._incident_of[facts.report_id] = incident
        self._members[incident].append(facts.report_id)
