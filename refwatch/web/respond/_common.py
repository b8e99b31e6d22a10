"""What the respond pages share: the respond context, the client's address, the form stamp, and
the alerts that follow a person's change to incidents."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from fastapi import Request
from sqlalchemy import select

from refwatch.respond import tokens
from refwatch.respond.background import background_sender
from refwatch.respond.context import RespondContext
from refwatch.respond.incident_feed import record_baseline, scan_changes
from refwatch.settings import Settings
from refwatch.store import transaction
from refwatch.store.models import Delivery
from refwatch.web.auth import client_ip
from refwatch.web.views._shared import factory, form

log = logging.getLogger(__name__)

__all__ = ["client_ip", "factory", "form"]


def respond_ctx(request: Request) -> RespondContext:
    """One context per app: channels and rules are loaded once."""
    ctx: RespondContext | None = getattr(request.app.state, "respond_ctx", None)
    if ctx is None:
        ctx = RespondContext.from_settings(request.app.state.settings)
        request.app.state.respond_ctx = ctx
    return ctx


def settings_of(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


def wake_outbox(request: Request) -> None:
    """Start (once) and wake this process's outbox sender, so mail goes out within seconds."""
    background_sender(factory(request), respond_ctx(request)).wake()


@contextmanager
def announcing_incident_changes(request: Request) -> Iterator[None]:
    """Wrap a workspace change to incidents: afterwards, queue the alerts it calls for and wake the sender.

    Publishing, a pinned status or a merge is news now, not when the next report happens to
    arrive. The change is committed first; a scan that fails only leaves the alert to the next
    scan (the watch loop's, or `refwatch alerts scan`), which finds the same difference.
    """
    ctx = respond_ctx(request)
    with transaction(factory(request)) as db:
        record_baseline(db, ctx=ctx)
    yield
    try:
        with transaction(factory(request)) as db:
            alert_ids = [alert.id for alert in scan_changes(db, ctx=ctx)]
            queued = bool(alert_ids) and db.scalars(
                select(Delivery.id).where(Delivery.alert_id.in_(alert_ids)).limit(1)).first() is not None
    except Exception:  # the person's change stands; the next scan alerts
        log.exception("alert scan after a workspace change failed; the next scan will send it")
        return
    if queued:
        wake_outbox(request)


def form_stamp(settings: Settings, now: datetime) -> str:
    """A signed 'form shown at' time: tells bots that send a form instantly from people."""
    seconds = int(now.timestamp())
    mac = hmac.new(tokens.link_key(settings), f"form:{seconds}".encode(), hashlib.sha256).hexdigest()[:20]
    return f"{seconds}.{mac}"


def seconds_on_form(settings: Settings, stamp: str, now: datetime) -> float:
    """Seconds since the form was shown; 0 when the stamp is missing or forged (treated as a bot)."""
    head, _, mac = stamp.partition(".")
    if not head.isdigit():
        return 0.0
    expected = hmac.new(tokens.link_key(settings), f"form:{head}".encode(), hashlib.sha256).hexdigest()[:20]
    if not hmac.compare_digest(mac, expected):
        return 0.0
    return now.timestamp() - int(head)


def field(request: Request, name: str, default: str = "") -> str:
    return (form(request).get(name) or default).strip()
