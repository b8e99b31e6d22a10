"""`refwatch watch` with the broker down, `refwatch workers status`, and `refwatch workers run` as a
real process working a batch the watcher queued."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from dataclasses import replace

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from refwatch.cli import app as cli
from refwatch.demo.site import DemoSite
from refwatch.sources.ingest import IngestContext, ingest_targets
from refwatch.sources.watch import configured_hooks, run_hooks
from refwatch.store import make_engine, session_factory
from refwatch.store.models import Report as ReportRow
from refwatch.workers import QueueDispatcher, Runtime, make_app
from refwatch.workers.app import queue_names
from tests.conftest import POSTGRES_URL
from tests.respond.peers import free_port
from tests.workers.conftest import DEADLINE_S, FEW, all_done, incidents, running_worker, wait_until


def _states(factory):
    with factory() as session:
        return list(session.scalars(select(ReportRow.state)))


def _env(settings, **extra):
    return {"REFWATCH_DATA_DIR": settings.data_dir, "REFWATCH_DATABASE_URL": settings.database_url,
            "REFWATCH_HOST_INTERVAL": "0", "REFWATCH_ALLOW_NETWORKS": "", "REFWATCH_BROKER_URL": settings.broker_url,
            "REFWATCH_WORKER_QUEUE": settings.worker_queue, **extra}


def invoke(env, *args):
    return CliRunner().invoke(cli, list(args), env=env)


def said(result):
    """The output as one line: rich wraps long messages at the terminal width."""
    return " ".join(result.output.split())


def test_cli_workers_watch_with_the_broker_down_says_so_and_keeps_the_reports_new(broker_settings):
    env = _env(broker_settings, REFWATCH_BROKER_URL=f"redis://127.0.0.1:{free_port()}/15")
    with DemoSite() as site:
        assert invoke(env, "sources", "add", site.feed_urls()[0]).exit_code == 0
        result = invoke(env, "watch", "--once", "--allow-network", "127.0.0.0/8")
    assert result.exit_code == 0, result.output
    assert "post-ingest hook failed" in said(result) and "cannot reach the broker" in said(result)
    kept = re.search(r"(\d+) new reports stay `new`: `refwatch extract --stored` codes them", said(result))
    assert kept and f"{kept[1]} new," in said(result)  # every report the cycle stored

    engine = make_engine(f"sqlite:///{broker_settings.data_path / 'refwatch.db'}")
    factory = session_factory(engine)
    states = _states(factory)
    assert states.count("new") == int(kept[1]) > 0 and set(states) == {"new", "skipped"}  # kept, nothing ran
    coded = invoke(env, "extract", "--stored")
    assert coded.exit_code == 0, coded.output
    assert "new" not in _states(factory)
    engine.dispose()


def test_cli_workers_status_counts_what_waits_in_each_queue(broker_settings):
    app = make_app(Runtime(broker_settings))
    QueueDispatcher(broker_settings, app=app)(None, [1, 2])
    QueueDispatcher(broker_settings, app=app)(None, [3])
    result = invoke(_env(broker_settings), "workers", "status", "--timeout", "0.2")
    assert result.exit_code == 0, result.output
    rows = [line.strip("│ ").split("│") for line in result.output.splitlines() if line.startswith("│")]
    waiting = {cells[0].strip(): int(cells[1]) for cells in rows}
    batches, polls, drains = queue_names(broker_settings)
    assert waiting == {batches: 2, polls: 0, drains: 0}, result.output
    assert "no worker answered" in result.output


def test_cli_workers_status_names_the_running_workers(broker_settings, sqlite_engine):
    with running_worker(broker_settings, session_factory(sqlite_engine)) as worker:
        result = invoke(_env(broker_settings), "workers", "status", "--timeout", "2")
    assert result.exit_code == 0, result.output
    assert "no worker answered" not in said(result)
    assert f"worker {worker.hostname}: 0 tasks running" in said(result)


def test_cli_workers_status_and_run_fail_clearly_without_a_broker(broker_settings):
    unreachable = _env(broker_settings, REFWATCH_BROKER_URL=f"redis://127.0.0.1:{free_port()}/15")
    for command in (["workers", "status"], ["workers", "run"]):
        result = invoke(unreachable, *command)
        assert result.exit_code == 1 and "the broker does not answer" in said(result) and "RW901" in said(result)
    unset = invoke(_env(broker_settings, REFWATCH_BROKER_URL=""), "workers", "run")
    assert unset.exit_code == 1 and "no broker is set" in said(unset)


def _database_url(engine):
    if engine.dialect.name == "sqlite":
        return engine.url.render_as_string(hide_password=False)
    with engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_cli_workers_run_is_a_worker_process_that_links_what_the_watcher_queued(
        broker_settings, engine, factory, few_reports, embedded_incidents, tmp_path):
    settings = replace(broker_settings, database_url=_database_url(engine))
    with IngestContext(settings, factory) as ctx:
        new_ids = ingest_targets([str(few_reports)], ctx).new_report_ids
    assert run_hooks(factory, new_ids, configured_hooks(settings)) == []  # queued before any worker runs

    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen([sys.executable, "-m", "refwatch.cli", "workers", "run", "--loglevel", "WARNING"],
                              env={**os.environ, **_env(settings)}, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: all_done(factory, FEW) or worker.poll() is not None, what="the worker process")
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        worker.send_signal(signal.SIGTERM)  # a warm shutdown
        assert worker.wait(timeout=DEADLINE_S) == 0, (tmp_path / "worker.log").read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        log.close()
    assert incidents(factory) == embedded_incidents
