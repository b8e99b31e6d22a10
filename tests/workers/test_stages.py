"""The batch runner without Celery: which ids each stage gets, and the lock of catch-up stages."""

from __future__ import annotations

from dataclasses import replace

import pytest
import redis
from sqlalchemy import update

from refwatch.pipeline import AFTER_INGEST, PER_REPORT
from refwatch.sources.watch import configured_hooks
from refwatch.store import session_factory, transaction
from refwatch.store.models import Report as ReportRow
from refwatch.types import Report
from refwatch.workers import Runtime, StageBusy
from refwatch.workers.locks import StageLocks
from refwatch.workers.runtime import key_prefix
from refwatch.workers.stages import run_batch, stage_name, still_new


@pytest.fixture
def locks(redis_url, broker_settings):
    held = StageLocks(redis.Redis.from_url(redis_url), prefix=key_prefix(broker_settings), lease=60)
    yield held
    held.close()


@pytest.fixture
def stored(sqlite_engine):
    """Three stored reports: ids 1 and 3 still `new`, 2 already coded."""
    from refwatch.store.reports import save_report

    factory = session_factory(sqlite_engine)
    with transaction(factory) as session:
        ids = [save_report(session, Report(text=f"report number {n}", title=f"title {n}")).report_id
               for n in range(3)]
        session.execute(update(ReportRow).where(ReportRow.id == ids[1]).values(state="extracted"))
    return factory, ids


class Recorder:
    def __init__(self, name, calls, *, fails=False):
        self.__qualname__ = name
        self.calls, self.fails = calls, fails

    def __call__(self, factory, report_ids):
        self.calls.append((self.__qualname__, list(report_ids)))
        if self.fails:
            raise RuntimeError("broken stage")


def test_stages_still_new_keeps_the_uncoded_ids_in_order(stored):
    factory, ids = stored
    assert still_new(factory, [ids[2], ids[1], ids[0]]) == [ids[2], ids[0]]
    assert still_new(factory, []) == []


def test_stages_per_report_stages_get_new_ids_and_the_others_all_under_their_lock(stored, locks):
    factory, ids = stored
    calls = []
    coder = Recorder("coder", calls)

    def linker(factory_, report_ids):
        calls.append(("linker", list(report_ids), locks.client.exists(locks.key(stage_name(linker)))))

    assert run_batch(factory, ids, hooks=[coder, linker], per_report=[coder], hold=locks.hold) == []
    assert calls == [("coder", [ids[0], ids[2]]), ("linker", ids, 1)]  # the linker ran holding its lock
    assert not locks.client.exists(locks.key(stage_name(linker)))  # and let it go afterwards


def test_stages_a_held_stage_raises_busy_after_the_stages_before_it(stored, locks):
    factory, ids = stored
    calls = []
    coder, linker, alerts = Recorder("coder", calls), Recorder("linker", calls), Recorder("alerts", calls)
    with locks.hold(stage_name(linker)), pytest.raises(StageBusy) as busy:
        run_batch(factory, ids, hooks=[coder, linker, alerts], per_report=[coder], hold=locks.hold)
    assert [name for name, _ids in calls] == ["coder"]
    assert stage_name(linker) in str(busy.value) and "RW902" in str(busy.value)


def test_stages_a_failing_stage_is_reported_and_the_next_still_runs(stored, locks):
    factory, ids = stored
    calls = []
    broken, linker = Recorder("broken", calls, fails=True), Recorder("linker", calls)
    problems = run_batch(factory, ids, hooks=[broken, linker], per_report=[], hold=locks.hold)
    assert [name for name, _ids in calls] == ["broken", "linker"]
    assert len(problems) == 1 and "broken stage" in problems[0]


def test_stages_the_runtime_runs_the_embedded_hook_list(broker_settings):
    runtime = Runtime(broker_settings)
    stages = runtime.stages()
    assert stages[: len(AFTER_INGEST)] == AFTER_INGEST
    assert stages == configured_hooks(replace(broker_settings, broker_url=""))
    assert set(PER_REPORT) <= set(AFTER_INGEST)
