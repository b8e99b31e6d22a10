"""What happens to a report after the watch loop stores it, in order.

    source → fetch → gate → store      (refwatch.sources, refwatch.text)
           → extract                   (refwatch.extract, kept by refwatch.store.extractions)
           → link into incidents       (refwatch.incidents)
           → alert on public changes   (refwatch.respond)

Each stage after storing is a post-ingest hook, `(factory, new_report_ids) -> None`, called
by `refwatch.sources.watch.run_hooks`; one that fails is reported and the others still run.
Plugins add theirs with `refwatch.sources.watch.register_post_ingest` or the
`post_ingest_hooks` setting; they run after these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session, sessionmaker

from refwatch.incidents.service import link_new_reports
from refwatch.respond.incident_feed import after_ingest as alert_on_incident_changes
from refwatch.store.extractions import extract_new_reports

PostIngestHook = Callable[[sessionmaker[Session], Sequence[int]], None]

AFTER_INGEST: list[PostIngestHook] = [extract_new_reports, link_new_reports, alert_on_incident_changes]

PER_REPORT: tuple[PostIngestHook, ...] = (extract_new_reports,)
"""Stages that work on exactly the ids they are given and move each report out of state `new`.
Workers (`refwatch.workers`) hand them only the ids still `new`, so a redelivered batch is not
coded twice, and run them on many machines at once; every other stage catches up on whatever
waits in the database, so workers run it one at a time."""
