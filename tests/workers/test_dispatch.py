"""The switch between embedded and queued stages, and what the dispatcher puts on the broker."""

from __future__ import annotations

from dataclasses import replace

import pytest

from refwatch.pipeline import AFTER_INGEST
from refwatch.sources.watch import configured_hooks
from refwatch.workers import AFTER_INGEST_TASK, BrokerUnreachable, QueueDispatcher, Runtime, celery_config, make_app
from refwatch.workers.app import queue_names
from refwatch.workers.dispatch import DISPATCH_BATCH
from refwatch.workers.status import broker_status
from tests.respond.peers import free_port


def test_dispatch_without_a_broker_the_stages_run_in_process(broker_settings):
    hooks = configured_hooks(replace(broker_settings, broker_url=""))
    assert hooks[: len(AFTER_INGEST)] == AFTER_INGEST
    assert not any(isinstance(hook, QueueDispatcher) for hook in hooks)


def test_dispatch_with_a_broker_only_the_dispatcher_runs_in_process(broker_settings):
    [hook] = configured_hooks(broker_settings)
    assert isinstance(hook, QueueDispatcher) and hook.settings == broker_settings


def test_dispatch_one_task_per_batch_of_ids_on_the_batch_queue(broker_settings):
    app = make_app(Runtime(broker_settings))
    ids = list(range(1, 2 * DISPATCH_BATCH + 11))
    QueueDispatcher(broker_settings, app=app)(None, ids)
    batches, polls, drains = queue_names(broker_settings)
    assert broker_status(app, broker_settings, timeout=0.2).queues == {batches: 3, polls: 0, drains: 0}
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue(batches, no_ack=True)
        messages = [queue.get(timeout=5) for _ in range(3)]
        queue.close()
    assert [message.headers["task"] for message in messages] == [AFTER_INGEST_TASK] * 3
    assert [message.payload[0][0] for message in messages] == [
        ids[:DISPATCH_BATCH], ids[DISPATCH_BATCH : 2 * DISPATCH_BATCH], ids[2 * DISPATCH_BATCH :]]


def test_dispatch_an_unreachable_broker_is_one_clear_error_without_the_password(broker_settings):
    settings = replace(broker_settings, broker_url=f"redis://:hunter2@127.0.0.1:{free_port()}/15")
    with pytest.raises(BrokerUnreachable) as raised:
        QueueDispatcher(settings)(None, [4, 5, 6])
    message = str(raised.value)
    assert "cannot reach the broker" in message and "3 new reports stay `new`" in message
    assert "refwatch extract --stored" in message and message.endswith("[RW901]")
    assert "hunter2" not in message


def test_dispatch_tasks_are_acknowledged_late_and_outlive_the_time_limit_in_the_broker(broker_settings):
    config = celery_config(broker_settings)
    assert config["task_acks_late"] is True and config["worker_prefetch_multiplier"] == 1
    assert config["broker_transport_options"]["visibility_timeout"] > config["task_time_limit"]
    assert config["task_time_limit"] == broker_settings.worker_task_timeout
