"""`refwatch serve`: the app under uvicorn, with the monitor loop beside it.

Proxy headers (`X-Forwarded-For`, `X-Forwarded-Proto`) are trusted from loopback only, which is
where a reverse proxy on the same machine connects from; that is what makes login rate limits
count the real client address and `scheme` say https behind TLS termination.
"""

from __future__ import annotations

import threading
from typing import Any

import uvicorn

from refwatch.settings import Settings
from refwatch.store import engine_for, migrate, session_factory
from refwatch.web.app import StoreHandle, create_app
from refwatch.web.monitor import start_monitor

MONITOR_STOP_WAIT_S = 10.0


class _OpenedStore:
    def __init__(self, settings: Settings) -> None:
        self.engine = engine_for(settings)
        migrate(self.engine)
        self.factory = session_factory(self.engine)


def uvicorn_config(app: Any, *, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                          server_header=False, date_header=True, log_level="info")


def serve(settings: Settings, *, host: str | None = None, port: int | None = None,
          store: StoreHandle | None = None, watch: bool | None = None) -> None:
    """Serve until interrupted; with `watch` (default: the `serve_watch` setting) also poll sources."""
    opened = store or _OpenedStore(settings)
    app = create_app(settings, store=opened)
    stop = threading.Event()
    run_watch = settings.serve_watch if watch is None else watch
    monitor = start_monitor(settings, opened.factory, stop) if run_watch else None
    server = uvicorn.Server(uvicorn_config(app, host=host or settings.web_host, port=port or settings.web_port))
    try:
        server.run()
    finally:
        stop.set()
        if monitor is not None:
            monitor.join(timeout=MONITOR_STOP_WAIT_S)
