"""Benchmark: alert fan-out and delivery to a local SMTP server, and report-to-inbox latency.

    .venv/bin/python bench/alerts.py fanout --subscribers 10000 [--workers 2] [--postgres URL]
    .venv/bin/python bench/alerts.py latency --trials 20

`fanout` creates N confirmed subscribers (one in five reading Korean), queues one incident
alert (the outbox rows for every subscriber are written in the alert's transaction), then
drains the outbox into an aiosmtpd server running in its own process, and prints the time to
write the deliveries and the time until the server has accepted every mail.

`latency` measures what the issue asks for: from a report being ingested by the watch loop's
ingest stage to the alert being received by the SMTP server, poll interval excluded. Each
trial ingests one new report about a published incident whose group has been moved; the
post-ingest hooks (extraction, linking, then `refwatch.respond.incident_feed:after_ingest`)
run as in `refwatch watch`, and the process's background sender delivers. It prints every
latency and the p50/p95; the target is p95 <= 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def serve_sink(port: int) -> None:
    """The SMTP server side: print one line per accepted message, flushed, until killed."""
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            print(f"{time.time():.6f} {envelope.rcpt_tos[0]}", flush=True)
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        asyncio.run(asyncio.sleep(10**9))
    finally:
        controller.stop()


class SinkProcess:
    """The sink in a child process; `wait_for(n)` blocks until n mails arrived (with a deadline)."""

    def __init__(self) -> None:
        from tests.respond.peers import free_port

        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, __file__, "sink", "--port", str(self.port)],
                                     stdout=subprocess.PIPE, text=True)
        self.arrivals: list[tuple[float, str]] = []
        self.cond = threading.Condition()
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("SMTP sink did not start")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            stamp, _, rcpt = line.strip().partition(" ")
            with self.cond:
                self.arrivals.append((float(stamp), rcpt))
                self.cond.notify_all()

    def wait_for(self, count: int, *, timeout: float) -> float:
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.arrivals) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(self.arrivals)} of {count} mails arrived within {timeout} s")
                self.cond.wait(left)
            return self.arrivals[count - 1][0]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def _settings(data_dir: str, port: int, database_url: str = "") -> Any:
    from refwatch.settings import load_settings

    return load_settings({}, data_dir=data_dir, database_url=database_url, secret_key="bench", smtp_port=port,
                         mail_from="refwatch <alerts@bench.test>", public_base_url="https://bench.test",
                         outbox_batch=500)


def fanout(subscribers: int, workers: int, database_url: str) -> None:
    from sqlalchemy import insert

    from refwatch.respond import tokens
    from refwatch.respond.alerts import create_incident_alert
    from refwatch.respond.context import RespondContext
    from refwatch.respond.outbox import OutboxSender
    from refwatch.respond.public import PublicIncident
    from refwatch.respond.rules import Reason
    from refwatch.store import make_engine, migrate, session_factory, transaction
    from refwatch.store.models import Subscriber

    sink = SinkProcess()
    with tempfile.TemporaryDirectory() as tmp:
        settings = _settings(tmp, sink.port, database_url)
        engine = make_engine(settings.effective_database_url)
        migrate(engine)
        factory = session_factory(engine)
        with transaction(factory) as s:
            s.execute(insert(Subscriber), [
                {"email": f"reader{n}@example.org", "state": "active", "language": "ko" if n % 5 == 0 else "en",
                 "countries": [], "urgent_only": False, "token_salt": tokens.new_nonce()} for n in range(subscribers)])
        ctx = RespondContext.from_settings(settings)
        incident = PublicIncident(key="2026-11-cn-shenyang-10", status="transferred", published=True,
                                  country="CN", place="Shenyang", place_ko="선양", people_min=10, people_max=10,
                                  children=2, urgent=True)
        reason = Reason("status", "status:bench", True, {"from": "detained", "to": "transferred"})
        started = time.time()
        with transaction(factory) as s:
            create_incident_alert(s, incident, [reason], ctx=ctx)
        queued = time.time()
        senders = [OutboxSender(factory, ctx.channels, settings) for _ in range(workers)]
        threads = [threading.Thread(target=sender.drain) for sender in senders]
        for thread in threads:
            thread.start()
        last = sink.wait_for(subscribers, timeout=1800)
        for thread in threads:
            thread.join()
        engine.dispose()
    sink.stop()
    kind = "PostgreSQL" if database_url else "SQLite"
    print(f"{subscribers} subscribers on {kind}, {workers} sender(s):")
    print(f"  fan-out (alert + {subscribers} outbox rows, one transaction): {queued - started:.2f} s")
    print(f"  delivery until the SMTP server accepted the last mail: {last - queued:.2f} s "
          f"({subscribers / (last - queued):.0f} mails/s)")
    print(f"  total from alert to last mail received: {last - started:.2f} s")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def latency(trials: int) -> None:
    from bench.alerts_latency import run_trials  # kept apart: it needs the extraction and linking stages

    sink = SinkProcess()
    try:
        values = run_trials(trials, smtp_port=sink.port, wait_for=sink.wait_for)
    finally:
        sink.stop()
    print(" ".join(f"{v:.3f}" for v in values))
    print(f"ingest → alert received, {len(values)} trials: p50 {statistics.median(values):.3f} s, "
          f"p95 {_percentile(values, 0.95):.3f} s, max {max(values):.3f} s (target p95 <= 2 s)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sink = sub.add_parser("sink")
    sink.add_argument("--port", type=int, required=True)
    fan = sub.add_parser("fanout")
    fan.add_argument("--subscribers", type=int, default=10_000)
    fan.add_argument("--workers", type=int, default=1)
    fan.add_argument("--postgres", default="", help="PostgreSQL URL (a scratch database) instead of SQLite.")
    lat = sub.add_parser("latency")
    lat.add_argument("--trials", type=int, default=20)
    args = parser.parse_args(argv)
    commands: dict[str, Callable[[], None]] = {
        "sink": lambda: serve_sink(args.port),
        "fanout": lambda: fanout(args.subscribers, args.workers, args.postgres),
        "latency": lambda: latency(args.trials),
    }
    commands[args.command]()


if __name__ == "__main__":
    main()
