"""The post-ingest hook of the scale-out: new report ids go to the workers, one task per batch.

`refwatch.sources.watch.configured_hooks` puts this in place of the pipeline's stages when
`broker_url` is set; everything else about the watch loop stays as it is. When the broker
cannot be reached the hook raises `BrokerUnreachable`, which the loop reports like any failed
hook: nothing is lost, the reports stay `new` in the database for `refwatch extract --stored`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kombu.exceptions import OperationalError
from kombu.utils.url import maybe_sanitize_url
from sqlalchemy.orm import Session, sessionmaker

from refwatch.settings import Settings
from refwatch.workers.errors import BrokerUnreachable

DISPATCH_BATCH = 50  # report ids per task: a large first poll is spread over the workers


class QueueDispatcher:
    """Callable as a post-ingest hook; `app` defaults to one made from `settings` on first use."""

    def __init__(self, settings: Settings, *, app: Any = None) -> None:
        self.settings = settings
        self._app = app

    @property
    def app(self) -> Any:
        if self._app is None:
            from refwatch.workers.app import make_app
            from refwatch.workers.runtime import Runtime

            self._app = make_app(Runtime(self.settings))
        return self._app

    def __call__(self, factory: sessionmaker[Session], report_ids: Sequence[int]) -> None:
        from refwatch.workers.app import SEND_RETRY
        from refwatch.workers.tasks import AFTER_INGEST_TASK

        ids = list(report_ids)
        for start in range(0, len(ids), DISPATCH_BATCH):
            try:
                self.app.send_task(AFTER_INGEST_TASK, args=[ids[start : start + DISPATCH_BATCH]], retry=True,
                                   retry_policy=SEND_RETRY)
            except OperationalError as e:
                raise BrokerUnreachable(
                    f"cannot reach the broker ({e}); {len(ids) - start} new reports stay `new`: "
                    "`refwatch extract --stored` codes them, the next batch links them",
                    where=maybe_sanitize_url(self.settings.broker_url)) from e

    def __repr__(self) -> str:
        return "refwatch.workers.dispatch.QueueDispatcher"
