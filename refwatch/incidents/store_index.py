"""The linking index in the database: signatures and blocking keys on disk, not in RAM.

Candidate look-up is one indexed query over `incident_link_keys` joined to the current
assignments, capped like the memory index; only the facts of the few candidate incidents are
loaded. The cost of linking a report therefore depends on how many reports share its keys
(the density of news around its place and month), not on how many reports are stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from refwatch.incidents import embed, minhash
from refwatch.incidents.facts import ReportFacts
from refwatch.incidents.index import (
    EARLIEST_MEMBERS_SCORED,
    MAX_COARSE_CANDIDATES,
    MAX_MEMBERS_SCORED,
    MAX_SPECIFIC_CANDIDATES,
)
from refwatch.incidents.keys import QueryKeys, stored_keys
from refwatch.store.models import IncidentReport, LinkFacts, LinkKey, utcnow

KEY_CHUNK = 500


def facts_row(facts: ReportFacts, *, extraction_id: int | None = None) -> dict[str, object]:
    """Column values of `incident_link_facts` for one report."""
    return {
        "report_id": int(facts.report_id),
        "published_day": facts.published,
        "minhash": minhash.to_bytes(facts.signature),
        "embedding": embed.to_bytes(facts.embedding) if facts.embedding is not None else None,
        "facts": facts.facts_json(),
        "keys": stored_keys(facts),
        "extraction_id": extraction_id,
    }


def save_facts(session: Session, facts: ReportFacts, *, extraction_id: int | None = None) -> None:
    """Store (or replace) a report's facts, signatures and blocking keys."""
    report_id = int(facts.report_id)
    values = {**facts_row(facts, extraction_id=extraction_id), "computed_at": utcnow()}
    new_keys = set(values["keys"])  # type: ignore[call-overload]
    row = session.get(LinkFacts, report_id)
    old_keys: set[int] = set()
    if row is None:
        session.add(LinkFacts(**values))
    else:
        old_keys = {int(k) for k in row.keys or ()}
        for name, value in values.items():
            setattr(row, name, value)
    for key in old_keys - new_keys:
        session.execute(delete(LinkKey).where(LinkKey.key == key, LinkKey.report_id == report_id))
    fresh = sorted(new_keys - old_keys)
    if fresh:
        session.execute(insert(LinkKey), [{"key": k, "report_id": report_id} for k in fresh])
    session.flush()


def forget_facts(session: Session, report_id: int) -> None:
    """Remove a report from the index (it was found not relevant after all)."""
    row = session.get(LinkFacts, report_id)
    if row is None:
        return
    for key in row.keys or ():
        session.execute(delete(LinkKey).where(LinkKey.key == int(key), LinkKey.report_id == report_id))
    session.delete(row)
    session.flush()


def load_facts(session: Session, report_ids: Iterable[int]) -> dict[int, ReportFacts]:
    """Facts of these reports, read with plain column queries (no ORM objects to build)."""
    ids = list(report_ids)
    out: dict[int, ReportFacts] = {}
    columns = (LinkFacts.report_id, LinkFacts.facts, LinkFacts.minhash, LinkFacts.embedding)
    for start in range(0, len(ids), KEY_CHUNK):
        chunk = ids[start : start + KEY_CHUNK]
        rows = session.execute(select(*columns).where(LinkFacts.report_id.in_(chunk)))
        for report_id, data, signature, vector in rows:
            out[report_id] = ReportFacts.from_stored(str(report_id), data, signature, vector)
    return out


def _sample(pairs: list[tuple[int, int]]) -> list[int]:
    """The first reports (the original story) and the latest ones, for big incidents."""
    ordered = [report_id for _day, report_id in sorted(pairs)]
    if len(ordered) <= MAX_MEMBERS_SCORED:
        return ordered
    latest = MAX_MEMBERS_SCORED - EARLIEST_MEMBERS_SCORED
    return ordered[:EARLIEST_MEMBERS_SCORED] + ordered[-latest:]


class StoreIndex:
    """`LinkIndex` over the database session it is given; the caller owns the transaction.

    With `placed_since`, only reports a person locked or that were assigned at or after that
    time count as members: a re-link in several transactions sees the reports it already
    placed, not where the old linker had put the others.
    """

    def __init__(self, session: Session, *, assigned_by: str = "linker", placed_since: datetime | None = None) -> None:
        self.session = session
        self.assigned_by = assigned_by
        self.placed_since = placed_since
        self._members: dict[str, list[ReportFacts]] = {}

    def _placed(self) -> ColumnElement[bool] | None:
        if self.placed_since is None:
            return None
        return or_(IncidentReport.locked.is_(True), IncidentReport.assigned_at >= self.placed_since)

    def _top(self, keys: Sequence[int], limit: int, exclude: int | None) -> list[str]:
        if not keys:
            return []
        hits = func.count().label("hits")
        query = (
            select(IncidentReport.incident_id, hits)
            .join(LinkKey, LinkKey.report_id == IncidentReport.report_id)
            .where(LinkKey.key.in_(list(keys)))
            .group_by(IncidentReport.incident_id)
            .order_by(hits.desc(), IncidentReport.incident_id)
            .limit(limit)
        )
        if exclude is not None:
            query = query.where(LinkKey.report_id != exclude)
        if (placed := self._placed()) is not None:
            query = query.where(placed)
        return [str(incident_id) for incident_id, _hits in self.session.execute(query)]

    def candidates(self, keys: QueryKeys, *, exclude_report: str | None = None) -> list[str]:
        exclude = int(exclude_report) if exclude_report is not None else None
        found = self._top(keys.specific, MAX_SPECIFIC_CANDIDATES, exclude)
        found.extend(i for i in self._top(keys.coarse, MAX_COARSE_CANDIDATES, exclude) if i not in found)
        return found

    def members(self, incidents: Sequence[str]) -> dict[str, Sequence[ReportFacts]]:
        """Two queries for all candidates: who belongs where (cheap columns), then the sampled facts."""
        wanted = [i for i in incidents if i not in self._members]
        if wanted:
            query = (
                select(IncidentReport.incident_id, IncidentReport.report_id, LinkFacts.published_day)
                .join(LinkFacts, LinkFacts.report_id == IncidentReport.report_id)
                .where(IncidentReport.incident_id.in_([int(i) for i in wanted]))
            )
            if (placed := self._placed()) is not None:
                query = query.where(placed)
            grouped: dict[str, list[tuple[int, int]]] = {i: [] for i in wanted}
            for incident_id, report_id, published_day in self.session.execute(query):
                grouped[str(incident_id)].append((published_day or 0, report_id))
            sampled = {i: _sample(pairs) for i, pairs in grouped.items()}
            loaded = load_facts(self.session, [r for ids in sampled.values() for r in ids])
            for incident, ids in sampled.items():
                self._members[incident] = [loaded[r] for r in ids if r in loaded]
        return {i: self._members.get(i, []) for i in incidents}

    def assign(self, facts: ReportFacts, incident: str, *, reasons: dict[str, float] | None = None) -> None:
        """Record the linker's choice; a report a person locked is never moved."""
        report_id = int(facts.report_id)
        row = self.session.get(IncidentReport, report_id)
        if row is not None and row.locked:
            return
        score = reasons.get("total") if reasons else None
        if row is None:
            self.session.add(IncidentReport(report_id=report_id, incident_id=int(incident), locked=False,
                                            assigned_by=self.assigned_by, score=score, reasons=reasons,
                                            assigned_at=utcnow()))
        else:
            self.forget(str(row.incident_id))
            row.incident_id = int(incident)
            row.assigned_by = self.assigned_by
            row.score = score
            row.reasons = reasons
            row.assigned_at = utcnow()
        self.forget(incident)
        self.session.flush()

    def forget(self, incident: str) -> None:
        """Drop cached members of an incident after its membership changed."""
        self._members.pop(incident, None)
