"""What one worker process keeps between tasks: the database, the stage list, the stage locks,
the page-extraction child and the respond context.

Each is made on first use and made again after a fork: a prefork worker's children must not
share the parent's database connections or child process, so nothing is opened before the
fork and a child that finds things made by its parent drops them (the parent closes its own).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from redis import Redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from refwatch.respond.context import RespondContext
from refwatch.settings import Settings
from refwatch.sources.pages import EXTRACT_TARGET
from refwatch.sources.timebox import TimeBox
from refwatch.sources.watch import PostIngestHook, configured_hooks
from refwatch.store import engine_for, session_factory
from refwatch.workers.locks import StageLocks

T = TypeVar("T")


def key_prefix(settings: Settings) -> str:
    """Every key refwatch keeps in the broker starts with this (queues, bindings, locks)."""
    return f"{settings.worker_queue}:"


class Runtime:
    """Per-process resources of a worker; tests hand in their own session factory."""

    def __init__(self, settings: Settings, *, factory: sessionmaker[Session] | None = None) -> None:
        self.settings = settings
        self._given_factory = factory
        self._pid = os.getpid()
        self._made: dict[str, Any] = {}

    def _get(self, name: str, make: Callable[[], T]) -> T:
        if os.getpid() != self._pid:  # a forked child: what the parent made belongs to the parent
            self._pid, self._made = os.getpid(), {}
        if name not in self._made:
            self._made[name] = make()
        return self._made[name]  # type: ignore[no-any-return]

    def factory(self) -> sessionmaker[Session]:
        if self._given_factory is not None:
            return self._given_factory
        return self._get("factory", lambda: session_factory(self._get("engine", lambda: engine_for(self.settings))))

    def stages(self) -> list[PostIngestHook]:
        """The hooks the embedded watcher would run: the pipeline's stages, then the plugins'."""
        return self._get("stages", lambda: configured_hooks(replace(self.settings, broker_url="")))

    def locks(self) -> StageLocks:
        return self._get("locks", lambda: StageLocks(Redis.from_url(self.settings.broker_url),
                                                     prefix=key_prefix(self.settings),
                                                     lease=float(self.settings.worker_task_timeout)))

    def timebox(self) -> TimeBox:
        return self._get("timebox", lambda: TimeBox(EXTRACT_TARGET, timeout=self.settings.extract_timeout))

    def respond(self) -> RespondContext:
        return self._get("respond", lambda: RespondContext.from_settings(self.settings))

    def close(self) -> None:
        """Close what this process made (safe to call twice)."""
        if os.getpid() != self._pid:
            return
        made, self._made = self._made, {}
        for name in ("timebox", "locks"):
            if name in made:
                made[name].close()
        engine: Engine | None = made.get("engine")
        if engine is not None:
            engine.dispose()
