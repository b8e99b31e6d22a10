"""Two changers of incidents at once: the second waits for the first to commit.

The first (the linker) is stopped inside its transaction, after it placed a report and before
it commits; the second starts and is let go on as soon as it asks for the incidents lock (or
finishes without asking). No sleeps: threads meet on events; the waits only keep a broken lock
from hanging the run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from types import ModuleType

import pytest
from sqlalchemy import select

from refwatch.incidents import decisions, incident_of_report, link_pending, merge_incidents, service, stored
from refwatch.incidents.service import LinkSummary
from refwatch.store import transaction
from refwatch.store.models import Incident
from tests.incidents.helpers import corpus, gold_items, store_items

WAIT = 60.0
TODAY = date(2018, 1, 1)
YANJI = sorted((d for d in corpus() if d.gold.get("incident_key") == "2016-10-cn-yanji-6"),
               key=lambda d: d.report.published or "")
TUMEN = [d for d in corpus() if d.gold.get("incident_key") == "2017-12-cn-tumen-3"]


class Interleaving:
    """Runs `first` until it is inside `refresh` with its changes uncommitted, then `second`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, second_locks_in: ModuleType) -> None:
        self.first_inside = threading.Event()
        self.release_first = threading.Event()
        self.second_asked = threading.Event()
        self.first: threading.Thread | None = None
        self.second: threading.Thread | None = None
        self.errors: list[BaseException] = []
        real_refresh, real_lock = service.refresh, stored.lock_incidents

        def refresh(session, incident_ids, *, today=None):
            if threading.current_thread() is self.first and not self.first_inside.is_set():
                self.first_inside.set()
                if not self.release_first.wait(WAIT):
                    raise TimeoutError("the first changer was never let go")
            real_refresh(session, incident_ids, today=today)

        def lock(session):
            if threading.current_thread() is self.second:
                self.second_asked.set()
            real_lock(session)

        monkeypatch.setattr(service, "refresh", refresh)
        monkeypatch.setattr(second_locks_in, "lock_incidents", lock)

    def _thread(self, call: Callable[[], object], finished: threading.Event | None = None) -> threading.Thread:
        def run() -> None:
            try:
                call()
            except BaseException as e:  # reported by run() below
                self.errors.append(e)
            finally:
                if finished is not None:
                    finished.set()

        return threading.Thread(target=run)

    def run(self, first: Callable[[], object], second: Callable[[], object]) -> None:
        self.first = self._thread(first)
        self.second = self._thread(second, finished=self.second_asked)
        self.first.start()
        assert self.first_inside.wait(WAIT), "the first changer never reached refresh"
        self.second.start()
        assert self.second_asked.wait(WAIT), "the second changer neither asked for the lock nor finished"
        self.release_first.set()
        self.first.join(WAIT)
        self.second.join(WAIT)
        assert not self.errors, self.errors


def _active(factory) -> list[Incident]:
    with factory() as session:
        return list(session.scalars(select(Incident).where(Incident.state == "active")))


def test_stored_lock_two_linkers_at_once_make_one_incident(factory, monkeypatch):
    with transaction(factory) as session:
        ids = store_items(session, gold_items(YANJI))
    summaries: list[LinkSummary] = []

    def linker() -> None:
        summaries.append(link_pending(factory, use_embeddings=False, batch_size=1, today=TODAY))

    Interleaving(monkeypatch, second_locks_in=service).run(linker, linker)
    assert sum(s.linked for s in summaries) == len(YANJI)
    incidents = _active(factory)
    assert len(incidents) == 1 and incidents[0].report_count == len(YANJI)
    with factory() as session:
        assert {incident_of_report(session, rid) for rid in ids} == {incidents[0].key}


def test_stored_lock_merge_waits_for_the_linker_placing_a_report(factory, monkeypatch):
    """Merged while the linker puts a late report in the folded incident: the report must follow."""
    with transaction(factory) as session:
        early = store_items(session, gold_items(YANJI[:-1] + TUMEN))
    link_pending(factory, use_embeddings=False, today=TODAY)
    with factory() as session:
        folded, target = incident_of_report(session, early[0]), incident_of_report(session, early[-1])
    assert folded is not None and target is not None and folded != target
    with transaction(factory) as session:
        late = store_items(session, gold_items(YANJI[-1:]))[0]

    def merge() -> None:
        with transaction(factory) as session:
            merge_incidents(session, source=folded, target=target, actor="monitor")

    Interleaving(monkeypatch, second_locks_in=decisions).run(
        lambda: link_pending(factory, use_embeddings=False, today=TODAY), merge)
    with factory() as session:
        assert incident_of_report(session, late) == target
    [kept] = _active(factory)
    assert kept.key == target and kept.report_count == len(YANJI) + len(TUMEN)
