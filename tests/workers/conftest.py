"""Worker tests run against a real Redis broker and a real Celery worker in a thread.

Each test gets its own queue name, which is also the prefix of every key Celery, kombu and our
locks write in Redis database 15; only keys under that prefix are deleted afterwards. Waiting
is on conditions with a deadline (the database, or signals the worker thread sends), never a
fixed sleep.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun, task_retry
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from refwatch.settings import Settings, load_settings
from refwatch.store import make_engine, migrate, session_factory
from refwatch.store.models import Incident, IncidentReport
from refwatch.store.models import Report as ReportRow
from refwatch.workers import Runtime, make_app, queue_names
from tests.respond.peers import Collector

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "dev.jsonl"
# Two groups told in English and Korean (Bangkok 23, Shenyang 3) and two pages about something else.
FEW = ("dev-002", "dev-008", "dev-009", "dev-016", "dev-018", "dev-046", "dev-069", "dev-070", "dev-084")
DEADLINE_S = 180.0
DONE_STATES = ("linked", "skipped", "error")


def wait_until(condition: Callable[[], Any], *, what: str, timeout: float = DEADLINE_S) -> Any:
    """Ask `condition` every 50 ms until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        pause.wait(0.05)


@pytest.fixture
def few_reports(tmp_path: Path) -> Path:
    """A JSONL file with the FEW corpus reports, as `refwatch ingest` reads them."""
    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if json.loads(line)["id"] in FEW]
    path = tmp_path / "few.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def broker_settings(redis_url: str, tmp_path: Path) -> Iterator[Settings]:
    """Settings with the test broker and a queue (and key prefix) no other test uses."""
    queue = f"rw-test-{uuid.uuid4().hex[:12]}"
    yield load_settings(environ={}, data_dir=str(tmp_path / "data"), broker_url=redis_url, worker_queue=queue,
                        worker_task_timeout=300, allow_networks=("127.0.0.0/8",), host_interval=0.0)
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{queue}:*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


class TaskLog:
    """What the worker of one app finished or retried; the signals fire in the worker's thread."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.finished = Collector()  # (task name, task id, state)
        self.retried = Collector()  # (task name, task id)

    def _on_postrun(self, sender: Any = None, task_id: str | None = None, state: str | None = None, **_: Any) -> None:
        if sender is not None and sender.app is self.app:
            self.finished.append((sender.name, task_id, state))

    def _on_retry(self, sender: Any = None, request: Any = None, **_: Any) -> None:
        if sender is not None and sender.app is self.app:
            self.retried.append((sender.name, getattr(request, "id", None)))

    @contextmanager
    def connected(self) -> Iterator[TaskLog]:
        task_postrun.connect(self._on_postrun, weak=False)
        task_retry.connect(self._on_retry, weak=False)
        try:
            yield self
        finally:
            task_postrun.disconnect(self._on_postrun)
            task_retry.disconnect(self._on_retry)

    def wait_finished(self, count: int, *, name: str | None = None) -> list[tuple[str, str, str]]:
        wanted = lambda: [item for item in self.finished.items if name is None or item[0] == name]  # noqa: E731
        return wait_until(lambda: wanted() if len(wanted()) >= count else None,
                          what=f"{count} finished {name or 'tasks'}")


@dataclass
class RunningWorker:
    app: Any
    runtime: Runtime
    log: TaskLog
    hostname: str


@contextmanager
def running_worker(settings: Settings, factory: sessionmaker[Session]) -> Iterator[RunningWorker]:
    """A real Celery worker (solo pool) in a thread, consuming this test's queues from the real broker."""
    runtime = Runtime(settings, factory=factory)
    app = make_app(runtime)
    app.conf.worker_hijack_root_logger = False  # pytest keeps its own log capture
    log = TaskLog(app)
    try:
        with log.connected(), start_worker(app, perform_ping_check=False, queues=list(queue_names(settings)),
                                           loglevel="WARNING", shutdown_timeout=DEADLINE_S) as controller:
            yield RunningWorker(app, runtime, log, controller.hostname)
    finally:
        runtime.close()


@pytest.fixture
def worker(broker_settings: Settings, factory: sessionmaker[Session]) -> Iterator[RunningWorker]:
    with running_worker(broker_settings, factory) as running:
        yield running


def report_states(factory: sessionmaker[Session]) -> dict[str, str]:
    with factory() as session:
        return dict(session.execute(select(ReportRow.external_id, ReportRow.state)).all())


def all_done(factory: sessionmaker[Session], external_ids: Sequence[str]) -> bool:
    states = report_states(factory)
    return all(states.get(external_id) in DONE_STATES for external_id in external_ids)


def incidents(factory: sessionmaker[Session]) -> set[tuple[Any, ...]]:
    """Each incident as its member reports (by corpus id) and derived facts: comparable across databases."""
    with factory() as session:
        members: dict[int, set[str]] = {}
        rows = session.execute(select(IncidentReport.incident_id, ReportRow.external_id)
                               .join(ReportRow, ReportRow.id == IncidentReport.report_id))
        for incident_id, external_id in rows:
            members.setdefault(incident_id, set()).add(external_id)
        return {(frozenset(members.get(i.id, ())), i.state, i.status, i.country, i.people_min, i.people_max,
                 i.first_event_date, i.report_count)
                for i in session.scalars(select(Incident))}


@pytest.fixture(scope="session")
def embedded_incidents(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[Any, ...]]:
    """The incidents the embedded path (no broker) makes from FEW: what the workers must match."""
    from refwatch.sources.ingest import IngestContext, ingest_targets
    from refwatch.sources.watch import configured_hooks, run_hooks

    folder = tmp_path_factory.mktemp("embedded")
    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if json.loads(line)["id"] in FEW]
    (folder / "few.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    engine = make_engine(f"sqlite:///{folder / 'refwatch.db'}")
    migrate(engine)
    factory = session_factory(engine)
    settings = load_settings(environ={}, data_dir=str(folder))
    with IngestContext(settings, factory) as ctx:
        summary = ingest_targets([str(folder / "few.jsonl")], ctx)
    assert run_hooks(factory, summary.new_report_ids, configured_hooks(settings)) == []
    found = incidents(factory)
    engine.dispose()
    assert len(found) >= 2
    return found
