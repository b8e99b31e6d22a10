"""Running the monitor loop beside the web server, when the watch module is installed.

`refwatch serve` is the one process a small NGO runs: it serves the site and keeps polling
sources in a background thread. The loop is `refwatch.sources.watch.watch` (owned by the
ingestion stage); if that module is absent the server simply serves. A failing loop is logged
and ends only itself, never the web server.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import threading

from sqlalchemy.orm import Session, sessionmaker

from refwatch.settings import Settings

WATCH_MODULE = "refwatch.sources.watch"
INGEST_MODULE = "refwatch.sources.ingest"
log = logging.getLogger("refwatch.web.monitor")


def watch_available() -> bool:
    return importlib.util.find_spec(WATCH_MODULE) is not None


def _run(settings: Settings, factory: sessionmaker[Session], stop: threading.Event) -> None:
    watch_module = importlib.import_module(WATCH_MODULE)
    ingest_module = importlib.import_module(INGEST_MODULE)
    hooks = watch_module.configured_hooks(settings)
    try:
        with ingest_module.IngestContext(settings, factory) as ctx:
            cycles = watch_module.watch(ctx, stop=stop, hooks=hooks)
        log.info("monitor loop stopped after %d cycles", cycles)
    except Exception:  # the site must keep serving even if monitoring breaks
        log.exception("monitor loop failed; the web server goes on without it")


def start_monitor(settings: Settings, factory: sessionmaker[Session], stop: threading.Event) -> threading.Thread | None:
    """Start polling in a daemon thread; None when there is no watch module."""
    if not watch_available():
        log.info("no %s module: serving without the monitor loop", WATCH_MODULE)
        return None
    thread = threading.Thread(target=_run, args=(settings, factory, stop), name="refwatch-monitor", daemon=True)
    thread.start()
    return thread
