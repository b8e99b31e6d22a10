"""Post-ingest batches through a real broker and a real worker: the same incidents as embedded,
and a task delivered twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from refwatch.incidents.service import link_new_reports
from refwatch.sources.ingest import IngestContext, ingest_targets
from refwatch.sources.watch import configured_hooks, run_hooks
from refwatch.store.extractions import extract_new_reports
from refwatch.store.models import Alert, EventRow, Incident, IncidentReport, IncidentSnapshot, LinkFacts
from refwatch.store.models import Extraction as ExtractionRow
from refwatch.store.models import Report as ReportRow
from refwatch.workers import AFTER_INGEST_TASK, QueueDispatcher
from refwatch.workers.locks import StageLocks
from refwatch.workers.runtime import key_prefix
from refwatch.workers.stages import stage_name
from tests.workers.conftest import FEW, all_done, incidents, report_states, wait_until


def _ingest(settings, factory, path):
    with IngestContext(settings, factory) as ctx:
        return ingest_targets([str(path)], ctx).new_report_ids


def _snapshot(factory):
    """Every row the post-ingest stages write, as plain tuples."""
    with factory() as session:
        def rows(*columns):
            return sorted(session.execute(select(*columns)).all(), key=repr)

        return {
            "reports": rows(ReportRow.id, ReportRow.state, ReportRow.state_reason),
            "extractions": rows(ExtractionRow.id, ExtractionRow.report_id, ExtractionRow.current),
            "events": rows(EventRow.id, EventRow.report_id, EventRow.type, EventRow.count),
            "facts": rows(LinkFacts.report_id, LinkFacts.extraction_id, LinkFacts.computed_at),
            "links": rows(IncidentReport.report_id, IncidentReport.incident_id, IncidentReport.assigned_at),
            "incidents": rows(Incident.id, Incident.key, Incident.status, Incident.people_min, Incident.people_max,
                              Incident.report_count, Incident.record),
            "snapshots": rows(IncidentSnapshot.incident_key, IncidentSnapshot.seen_at),
            "alerts": rows(Alert.id),
        }


def test_batches_worker_links_the_same_incidents_as_the_embedded_path(broker_settings, factory, worker, few_reports,
                                                                       embedded_incidents):
    hooks = configured_hooks(broker_settings)
    assert [type(hook) for hook in hooks] == [QueueDispatcher]  # the switch: no stage runs in this process
    new_ids = _ingest(broker_settings, factory, few_reports)
    assert new_ids and run_hooks(factory, new_ids, hooks) == []
    assert set(report_states(factory).values()) <= {"new", "skipped", "extracted", "linked"}

    wait_until(lambda: all_done(factory, FEW), what="the worker to extract and link every report")
    assert incidents(factory) == embedded_incidents
    [(name, _task_id, state)] = worker.log.wait_finished(1)
    assert (name, state) == (AFTER_INGEST_TASK, "SUCCESS")


def test_batches_a_task_delivered_twice_changes_nothing(broker_settings, factory, worker, few_reports):
    new_ids = _ingest(broker_settings, factory, few_reports)
    worker.app.send_task(AFTER_INGEST_TASK, args=[new_ids], task_id="batch-1")
    worker.log.wait_finished(1)
    first = _snapshot(factory)
    assert first["extractions"] and first["incidents"]

    worker.app.send_task(AFTER_INGEST_TASK, args=[new_ids], task_id="batch-1")  # the same message again
    finished = worker.log.wait_finished(2)
    assert [(task_id, state) for _name, task_id, state in finished] == [("batch-1", "SUCCESS")] * 2
    assert _snapshot(factory) == first


def test_batches_redelivered_after_a_crash_between_stages_links_without_coding_again(
        broker_settings, factory, worker, few_reports, embedded_incidents):
    new_ids = _ingest(broker_settings, factory, few_reports)
    extract_new_reports(factory, new_ids)  # the first delivery got this far, then its worker died
    coded = _snapshot(factory)["extractions"]
    assert "new" not in report_states(factory).values()

    worker.app.send_task(AFTER_INGEST_TASK, args=[new_ids])
    worker.log.wait_finished(1)
    assert _snapshot(factory)["extractions"] == coded
    assert incidents(factory) == embedded_incidents


def test_batches_a_held_link_stage_is_retried_until_it_is_free(broker_settings, factory, worker, few_reports,
                                                               embedded_incidents, redis_url):
    import redis

    other = StageLocks(redis.Redis.from_url(redis_url), prefix=key_prefix(broker_settings), lease=60)
    new_ids = _ingest(broker_settings, factory, few_reports)
    with other.hold(stage_name(link_new_reports)):  # another worker is linking
        worker.app.send_task(AFTER_INGEST_TASK, args=[new_ids])
        worker.log.retried.wait_for(1, timeout=60)
        states = report_states(factory)
        assert "linked" not in states.values() and "extracted" in states.values()
    other.close()
    wait_until(lambda: all_done(factory, FEW), what="linking once the lock is free")
    assert incidents(factory) == embedded_incidents
    with factory() as session:  # the retries coded nothing again
        per_report = session.execute(select(ExtractionRow.report_id, func.count()).group_by(ExtractionRow.report_id))
        assert {count for _report_id, count in per_report} == {1}
