"""One outbox sender thread per process, started on first need and woken when alerts are queued.

The watch loop and the web app both queue alerts; neither should wait for SMTP. The thread
sleeps on the outbox's wake-up event (set after every commit that queued deliveries) and
polls every second besides, so deliveries queued by another process go out too. An error
(the database restarting, say) is logged and the loop goes on: the outbox keeps the work.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.orm import Session, sessionmaker

from refwatch.respond import outbox
from refwatch.respond.context import RespondContext
from refwatch.respond.outbox import OutboxSender

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
_SENDERS: dict[int, BackgroundSender] = {}


class BackgroundSender:
    def __init__(self, factory: sessionmaker[Session], ctx: RespondContext, *, poll: float = 1.0) -> None:
        self.sender = OutboxSender(factory, ctx.channels, ctx.settings, clock=ctx.clock)
        self.stop_event = threading.Event()
        self.poll = poll
        self.thread = threading.Thread(target=self._run, name="refwatch-outbox", daemon=True)

    def _run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.sender.serve(self.stop_event, poll=self.poll)
            except Exception:  # keep delivering after a passing failure; the rows wait in the outbox
                log.exception("outbox sender failed; retrying in %s s", self.poll)
                self.stop_event.wait(self.poll)

    def start(self) -> BackgroundSender:
        self.thread.start()
        return self

    def wake(self) -> None:
        outbox.WAKE.set()

    def stop(self, timeout: float = 10.0) -> None:
        self.stop_event.set()
        outbox.WAKE.set()
        self.thread.join(timeout)


def background_sender(factory: sessionmaker[Session], ctx: RespondContext) -> BackgroundSender:
    """The running sender for this database in this process, started if there is none."""
    key = id(factory)
    with _LOCK:
        sender = _SENDERS.get(key)
        if sender is None or not sender.thread.is_alive():
            sender = _SENDERS[key] = BackgroundSender(factory, ctx).start()
    return sender


def stop_all(timeout: float = 10.0) -> None:
    """Stop every sender this process started (tests, and a clean shutdown)."""
    with _LOCK:
        senders = list(_SENDERS.values())
        _SENDERS.clear()
    for sender in senders:
        sender.stop(timeout)
