"""What the ingestion stages share: settings, the database, a fetcher, the extraction worker,
and the buffer of gate-skipped reports that are written in batches (decision 0103)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from refwatch.errors import StoreError
from refwatch.settings import Settings
from refwatch.sources.http import Fetcher
from refwatch.sources.pages import EXTRACT_TARGET
from refwatch.sources.timebox import TimeBox
from refwatch.sources.work import Work
from refwatch.store import transaction
from refwatch.store.archive import attempt_values, record_attempt
from refwatch.store.reports import save_skipped_batch
from refwatch.types import Report

SKIPPED_BATCH = 1_000  # gate-skipped reports written per transaction
_Held = tuple[Work, Report, dict[str, Any], str]  # work, report, attempt columns, gate reason


class IngestContext:
    """Shared by the stages of one run (or of a watcher's every cycle); close it when done.

    The fetcher and the extraction worker are made on first use; only what the context made
    is closed with it, so tests can hand in shared ones.
    """

    def __init__(self, settings: Settings, factory: sessionmaker[Session], *,
                 fetcher: Fetcher | None = None, timebox: TimeBox | None = None) -> None:
        self.settings = settings
        self.factory = factory
        self._fetcher = fetcher
        self._timebox = timebox
        self._owned: list[Fetcher | TimeBox] = []
        self._skipped: list[_Held] = []
        self.late_duplicates = 0  # held skipped reports whose text turned out to be kept already

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.settings)
            self._owned.append(self._fetcher)
        return self._fetcher

    @property
    def timebox(self) -> TimeBox:
        if self._timebox is None:
            self._timebox = TimeBox(EXTRACT_TARGET, timeout=self.settings.extract_timeout)
            self._owned.append(self._timebox)
        return self._timebox

    def prepare_extractor(self) -> None:
        """Start the extraction worker at the first page, so that its start-up overlaps the gating."""
        if self._timebox is None:
            self.timebox.start()

    def hold_skipped(self, work: Work, report: Report, reason: str) -> None:
        """Keep a gate-skipped report for the next batch write (duplicates are found at the write)."""
        attempt = attempt_values(url=work.origin, outcome="skipped", source_id=work.source_id, fetched=work.fetched)
        light = replace(work, markup=None, page=None,  # a retry needs no page bytes
                        fetched=replace(work.fetched, body=b"") if work.fetched is not None else None)
        self._skipped.append((light, report, attempt, reason))
        if len(self._skipped) >= SKIPPED_BATCH:
            self.flush_skipped()

    def flush_skipped(self) -> None:
        """Write the held skipped reports in one transaction; one by one if the batch fails."""
        batch, self._skipped = self._skipped, []
        if not batch:
            return
        try:
            self._write(batch)
        except Exception:  # retried item by item, so that one bad row costs only itself
            for held in batch:
                self._write_one(held)

    def _write(self, batch: list[_Held]) -> None:
        with transaction(self.factory) as session:
            written = save_skipped_batch(session, [(report, attempt, reason) for _w, report, attempt, reason in batch])
        self.late_duplicates += len(batch) - written

    def _write_one(self, held: _Held) -> None:
        try:
            self._write([held])
        except Exception as e:  # the row cannot be stored: say so on an attempt, as for any error
            work = held[0]
            error = StoreError(f"could not store the skipped report: {type(e).__name__}: {e}", where=work.origin)
            try:
                with transaction(self.factory) as session:  # its bytes were let go when it was held: none kept
                    record_attempt(session, url=work.origin, outcome="error", source_id=work.source_id,
                                   fetched=work.fetched, keep_body=False, error_code=error.code,
                                   error_message=f"[store] {error}")
            except Exception:  # the database is gone; the next poll will fetch the page again
                pass

    def close(self) -> None:
        self.flush_skipped()
        while self._owned:
            self._owned.pop().close()

    def __enter__(self) -> IngestContext:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
