"""The poll and outbox tasks on a real worker: a source polled through the queue ends linked, a
drain sends each due mail once, and either task run a second time does nothing new."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from refwatch.demo.site import DemoSite
from refwatch.respond.alerts import create_incident_alert
from refwatch.respond.context import RespondContext
from refwatch.respond.rules import Reason
from refwatch.sources.catalog import add_source, list_sources
from refwatch.store import transaction
from refwatch.store.models import Delivery
from refwatch.store.models import Report as ReportRow
from refwatch.workers import AFTER_INGEST_TASK, DRAIN_OUTBOX_TASK, POLL_SOURCE_TASK
from tests.respond.conftest import incident
from tests.respond.helpers import add_subscriber
from tests.respond.peers import SmtpPeer
from tests.workers.conftest import DONE_STATES, running_worker, wait_until


def _states(factory):
    with factory() as session:
        return list(session.scalars(select(ReportRow.state)))


def test_tasks_poll_source_ingests_and_queues_the_batch_that_links_it(broker_settings, factory, worker):
    with DemoSite() as site:
        source = add_source(factory, site.feed_urls()[0])
        worker.app.send_task(POLL_SOURCE_TASK, args=[source.id])
        worker.log.wait_finished(1, name=AFTER_INGEST_TASK)  # the poll handed its new reports on
        states = wait_until(lambda: (found := _states(factory)) and set(found) <= set(DONE_STATES) and found,
                            what="every polled report to be extracted and linked")
        assert "linked" in states

        worker.app.send_task(POLL_SOURCE_TASK, args=[source.id])  # asked again: the feed has not changed
        worker.log.wait_finished(2, name=POLL_SOURCE_TASK)
    [info] = list_sources(factory)
    assert info.last_outcome == "not_modified"
    assert len(_states(factory)) == len(states)


@pytest.fixture
def smtp_peer():
    peer = SmtpPeer().start()
    yield peer
    peer.stop()


def test_tasks_drain_outbox_sends_each_due_mail_once(broker_settings, factory, smtp_peer):
    settings = replace(broker_settings, secret_key="test-secret-key-for-workers", smtp_port=smtp_peer.port,
                       mail_from="refwatch <alerts@refwatch.test>", public_base_url="https://refwatch.test")
    with transaction(factory) as session:
        for n in range(3):
            add_subscriber(session, f"reader{n}@example.org")
        reason = Reason("published", "published:2026-11-cn-shenyang-10", True, {"status": "detained"})
        assert create_incident_alert(session, incident(), [reason], ctx=RespondContext.from_settings(settings))

    with running_worker(settings, factory) as worker:
        worker.app.send_task(DRAIN_OUTBOX_TASK)
        mails = smtp_peer.mails.wait_for(3)
        worker.log.wait_finished(1)
        worker.app.send_task(DRAIN_OUTBOX_TASK)  # a second drain finds nothing due
        worker.log.wait_finished(2)
    assert sorted(mail.rcpt_tos[0] for mail in mails) == [f"reader{n}@example.org" for n in range(3)]
    assert len(smtp_peer.mails.items) == 3
    with factory() as session:
        assert dict(session.execute(select(Delivery.state, func.count()).group_by(Delivery.state)).all()) == {"sent": 3}
