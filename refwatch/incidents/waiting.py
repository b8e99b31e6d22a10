"""Which reports the stored linker still has to (re-)link, found through indexes only.

- reports in state `extracted`: new ones, and linked ones `rederive` sent back to the linker
  (`reports.state` is indexed);
- linked reports with an event a person accepted, corrected or rejected after their facts were
  computed: found from the reviewed events (`events.review` is indexed, and people review far
  fewer events than the archive holds);
- linked reports whose current extraction is newer than their facts: found among the
  extractions made since this process last looked (a primary-key range), with a margin for
  transactions that committed out of id order. A process's first look reads every extraction.

A `link_pending` call walks both stale lists once, with a cursor, so a report that stays
stale cannot hold the others back, and no call reads every stored report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from refwatch.store.models import EventRow, LinkFacts
from refwatch.store.models import Extraction as ExtractionRow
from refwatch.store.models import Report as ReportRow

REVIEWED = ("accepted", "corrected", "rejected")
EXTRACTION_MARGIN = 5000
# Per database: the highest extraction id that an earlier `link_pending` call of this process checked.
_CHECKED: WeakKeyDictionary[Any, int] = WeakKeyDictionary()


@dataclass
class Waiting:
    """The reports one `link_pending` call still has to look at, batch after batch."""

    database: Any  # the session's bind: the engine the marks above belong to
    extraction_after: int
    top_extraction: int
    reviewed_after: int = 0

    @classmethod
    def start(cls, session: Session) -> Waiting:
        database = session.get_bind()
        checked = _CHECKED.get(database)
        top = int(session.scalar(select(func.max(ExtractionRow.id))) or 0)
        after = 0 if checked is None else max(0, checked - EXTRACTION_MARGIN)
        return cls(database=database, extraction_after=after, top_extraction=top)

    def next_batch(self, session: Session, limit: int) -> list[ReportRow]:
        """Newly extracted reports first, then those whose facts went stale."""
        fresh = list(session.scalars(
            select(ReportRow).where(ReportRow.state == "extracted")
            .order_by(ReportRow.published.is_(None), ReportRow.published, ReportRow.id)
            .limit(limit).with_for_update(skip_locked=True)
        ))
        if fresh:
            return fresh
        ids = self._reviewed(session, limit) or self._reextracted(session, limit)
        if not ids:
            return []
        return list(session.scalars(select(ReportRow).where(ReportRow.id.in_(ids)).order_by(ReportRow.id)))

    def finished(self) -> None:
        """Everything up to the extraction that was newest when the call began has been looked at."""
        _CHECKED[self.database] = max(_CHECKED.get(self.database, 0), self.top_extraction)

    def _reviewed(self, session: Session, limit: int) -> list[int]:
        query = (
            select(LinkFacts.report_id).join(EventRow, EventRow.report_id == LinkFacts.report_id)
            .where(EventRow.review.in_(REVIEWED), EventRow.reviewed_at > LinkFacts.computed_at,
                   LinkFacts.report_id > self.reviewed_after)
            .group_by(LinkFacts.report_id).order_by(LinkFacts.report_id).limit(limit)
        )
        ids = list(session.scalars(query))
        if ids:
            self.reviewed_after = ids[-1]
        return ids

    def _reextracted(self, session: Session, limit: int) -> list[int]:
        query = (
            select(ExtractionRow.id, ExtractionRow.report_id)
            .join(LinkFacts, LinkFacts.report_id == ExtractionRow.report_id)
            .where(ExtractionRow.id > self.extraction_after, ExtractionRow.current.is_(True),
                   or_(LinkFacts.extraction_id.is_(None), LinkFacts.extraction_id != ExtractionRow.id))
            .order_by(ExtractionRow.id).limit(limit)
        )
        rows = session.execute(query).all()
        if rows:
            self.extraction_after = rows[-1][0]
        return [report_id for _id, report_id in rows]
