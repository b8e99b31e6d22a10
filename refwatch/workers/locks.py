"""One worker at a time for the stages that catch up on shared state.

Extraction works on the ids it is given, so any number of workers may run it at once. Linking
and the alert scan read whatever waits in the database: two linkers at once could each start
an incident for one group (neither sees the other's uncommitted one), and two scans could
alert one change twice. A Redis lock per stage, leased for as long as a task may run, keeps
them one at a time across machines. Taking it never waits: a worker that finds it held says
so (`StageBusy`) and its task is tried again a moment later, so no worker slot sits idle.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from redis import Redis
from redis.exceptions import LockError

from refwatch.workers.errors import StageBusy

log = logging.getLogger(__name__)


class StageLocks:
    """Named locks under `prefix` in one Redis; a lock outlives a crashed holder by at most `lease` seconds."""

    def __init__(self, client: Redis, *, prefix: str, lease: float) -> None:
        self.client = client
        self.prefix = prefix
        self.lease = lease

    def key(self, stage: str) -> str:
        return f"{self.prefix}stage-lock:{stage}"

    @contextmanager
    def hold(self, stage: str) -> Iterator[None]:
        """Run the body holding the lock of `stage`, or raise StageBusy at once if another holds it."""
        lock = self.client.lock(self.key(stage), timeout=self.lease, blocking=False)
        if not lock.acquire():
            raise StageBusy("another worker is running this stage", where=stage)
        try:
            yield
        finally:
            try:
                lock.release()
            except LockError:  # the lease ran out first: someone may already hold it again
                log.warning("the lock of %s expired before the stage ended (WORKER_TASK_TIMEOUT too short?)", stage)

    def close(self) -> None:
        self.client.close()
