"""The latency half of `bench/alerts.py`: from a report being ingested to the alert in the inbox.

Setup (not timed): a fresh SQLite database, N groups each reported detained in a different
city through the real stages (ingest → extraction → linking), every resulting incident
published by an "editor", one confirmed subscriber, and a baseline scan of the public state.

Each trial (timed): one new English report saying one of those groups was handed back to
North Korea is ingested with `ingest_targets` (the watch loop's ingest, poll wait excluded);
the post-ingest hooks run as `refwatch watch` runs them — extraction
(`refwatch.store.extractions:extract_new_reports`), linking (`link_pending`, without the
sentence-embedding model) and `refwatch.respond.incident_feed:after_ingest`, which diffs
the public projection, writes the alert and its outbox rows and wakes the process's
background sender. The clock stops when the SMTP server (another process) accepts the mail.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CITIES = [("Shenyang", 10), ("Dandong", 7), ("Yanji", 12), ("Tumen", 5), ("Hunchun", 9), ("Changchun", 11),
          ("Kunming", 8), ("Harbin", 6), ("Qingdao", 13), ("Dalian", 4), ("Jilin", 15), ("Mudanjiang", 14),
          ("Nanning", 16), ("Tianjin", 17), ("Shanghai", 18), ("Beijing", 19), ("Shenzhen", 20), ("Xiamen", 21),
          ("Chengdu", 22), ("Wuhan", 23)]
NUMBERS = {4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven",
           12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen", 16: "sixteen", 17: "seventeen",
           18: "eighteen", 19: "nineteen", 20: "twenty", 21: "twenty-one", 22: "twenty-two", 23: "twenty-three"}


def _write(path: Path, rows: list[dict[str, str]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


OPENERS = ["Chinese police detained {count} North Korean defectors in {city} on {day}, activists said.",
           "Public security officers in {city} arrested {count} North Koreans who had fled their country, "
           "according to a rights group, in a raid on {day}.",
           "A group of {count} North Korean escapees was caught by police in {city} on {day}, a South Korean "
           "lawmaker's office said.",
           "Police in the Chinese city of {city} took {count} North Korean refugees into custody on {day}, "
           "a missionary who helps defectors told reporters."]
DETAILS = ["They were found in a rented flat near the railway station.", "The group included several women.",
           "Relatives in Seoul appealed for help at a press conference.", "Their broker was also arrested.",
           "The arrests followed a tip-off from a neighbour.", "Most of them had worked in restaurants."]


def _month(n: int) -> tuple[str, str]:
    year, month = 2024 + n // 12, n % 12 + 1
    return f"{year}-{month:02d}", ["January", "February", "March", "April", "May", "June", "July", "August",
                                   "September", "October", "November", "December"][month - 1]


def _detained(n: int, city: str, count: int) -> dict[str, str]:
    month, name = _month(n)
    opener = OPENERS[n % len(OPENERS)].format(count=count, city=city, day=f"{name} 3")
    text = (f"{opener} {DETAILS[n % len(DETAILS)]} {DETAILS[(n + 2) % len(DETAILS)]} The {NUMBERS[count]} "
            f"face forced repatriation to North Korea, where returnees are punished.")
    return {"id": f"bench-detained-{n}", "url": f"https://news.example/{n}/detained", "outlet": f"Wire {n}",
            "language": "en", "published": f"{month}-05", "title": f"{count} North Koreans detained in {city}",
            "text": text}


RETURNS = ["China forcibly repatriated the {count} North Korean defectors who were detained in {city} earlier "
           "this month, sending them back to North Korea on {day}, a rights group said.",
           "The {count} North Koreans arrested in {city} were handed over to North Korean security agents at the "
           "border on {day}, according to a source in the region.",
           "Authorities sent {count} North Korean escapees held in {city} back across the border on {day}, "
           "despite appeals from the United Nations, activists said.",
           "Beijing deported the {count} North Korean refugees it had detained in {city}; they were returned to "
           "the North on {day}, a Seoul-based group reported."]
AFTER = ["Families fear they will be sent to prison camps.", "The South Korean foreign ministry expressed regret.",
         "Human rights groups condemned the move.", "It was the largest such return this year.",
         "The UN special rapporteur had urged China to halt it.", "Witnesses saw buses cross the bridge at dawn."]


def _returned(n: int, city: str, count: int) -> dict[str, str]:
    month, name = _month(n)
    opener = RETURNS[n % len(RETURNS)].format(count=count, city=city, day=f"{name} 24")
    earlier = _detained(n, city, count)["text"]  # follow-up stories repeat the first report's facts
    text = f"{opener} {AFTER[n % len(AFTER)]}\n\nEarlier this month: {earlier}"
    return {"id": f"bench-returned-{n}", "url": f"https://news.example/{n}/returned", "outlet": f"Wire {n}",
            "language": "en", "published": f"{month}-25", "title": f"{count} North Koreans sent back from {city}",
            "text": text}


ROUND = 5  # groups per fresh database: the linker keeps five distinct synthetic groups apart reliably


def run_trials(trials: int, *, smtp_port: int, wait_for: Callable[..., float]) -> list[float]:
    """Latencies of up to `trials` alerts, in rounds of ROUND groups on a fresh database each."""
    import os

    from refwatch.respond.background import stop_all

    values: list[float] = []
    received = 0
    for first in range(0, trials, ROUND):
        groups = CITIES[first % len(CITIES):][:min(ROUND, trials - first)]
        with tempfile.TemporaryDirectory() as tmp:
            os.environ.update({"REFWATCH_DATA_DIR": tmp, "REFWATCH_SECRET_KEY": "bench",
                               "REFWATCH_SMTP_PORT": str(smtp_port),
                               "REFWATCH_MAIL_FROM": "refwatch <alerts@bench.test>",
                               "REFWATCH_PUBLIC_BASE_URL": "https://bench.test"})  # read by after_ingest
            from refwatch.respond import incident_feed

            incident_feed._process_context.cache_clear()
            got, received = _round(Path(tmp), groups, received=received, wait_for=wait_for)
            values += got
            stop_all()
    return values


def _round(tmp: Path, groups: list[tuple[str, int]], *, received: int,
           wait_for: Callable[..., float]) -> tuple[list[float], int]:
    from sqlalchemy import select

    from refwatch.incidents.service import link_pending
    from refwatch.respond import tokens
    from refwatch.respond.context import RespondContext
    from refwatch.respond.incident_feed import after_ingest, scan_changes
    from refwatch.settings import load_settings
    from refwatch.sources.ingest import IngestContext, ingest_targets
    from refwatch.sources.watch import run_hooks
    from refwatch.store import make_engine, migrate, session_factory, transaction
    from refwatch.store.extractions import extract_new_reports
    from refwatch.store.models import Delivery, Incident, Subscriber

    def link(factory: Any, _ids: Any) -> None:  # the linking hook, without the sentence-embedding model
        link_pending(factory, use_embeddings=False)

    hooks = [extract_new_reports, link, after_ingest]
    settings = load_settings()
    engine = make_engine(settings.effective_database_url)
    migrate(engine)
    factory = session_factory(engine)
    with IngestContext(settings, factory) as ctx:
        seed = [_detained(n, city, count) for n, (city, count) in enumerate(groups)]
        summary = ingest_targets([_write(tmp / "seed.jsonl", seed)], ctx)
    extract_new_reports(factory, summary.new_report_ids)
    link(factory, summary.new_report_ids)
    with transaction(factory) as s:
        for incident in s.scalars(select(Incident)):
            incident.published = True
        s.add(Subscriber(email="reader@example.org", state="active", language="en", countries=[],
                         urgent_only=False, token_salt=tokens.new_nonce()))
        scan_changes(s, ctx=RespondContext.from_settings(settings), baseline=True)
        published = set(s.scalars(select(Incident.place)))
    values: list[float] = []
    with IngestContext(settings, factory) as ctx:
        for n, (city, count) in enumerate(groups):
            if city not in published:
                print(f"{city}: the linker merged this seed into another group; skipped")
                continue
            path = _write(tmp / f"trial-{n}.jsonl", [_returned(n, city, count)])
            started = time.time()
            summary = ingest_targets([path], ctx)
            problems = run_hooks(factory, summary.new_report_ids, hooks)
            if problems:
                raise RuntimeError(problems)
            try:
                arrived = wait_for(received + 1, timeout=30)
            except TimeoutError:
                with factory() as s:
                    states = [(d.state, d.last_error) for d in s.scalars(select(Delivery))]
                    status = s.scalars(select(Incident.status).where(Incident.place == city)).all()
                print(f"{city}: no alert within 30 s; incident status {status}; outbox {states}")
                continue
            received += 1
            values.append(arrived - started)
    engine.dispose()
    return values, received
