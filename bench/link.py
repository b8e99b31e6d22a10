"""Linking cost per new report as the archive grows, and linking quality on a dense stream.

    python bench/link.py curve                      # 10k, 100k, 1M stored reports (SQLite)
    python bench/link.py curve --scales 10000,100000 --new 200 --db /tmp/link-bench.db
    python bench/link.py quality --reports 4000     # B-cubed of link_batch on a generated stream

`curve` fills one SQLite database from the generated stream (`stream.py`) with bulk inserts:
each stored report gets its real facts, MinHash signature, blocking keys and an incident (the
stream's truth: a perfect linker's state), 100 reports a day. At each scale a fresh process
then links the next `--new` reports of the stream one by one through the stored linker
(candidate look-up, scoring, assignment, record refresh, commit) and prints the cost per
report, how often it chose the stream's true incident, and its peak memory. The same
database then grows to the next scale, so the curve costs one build of the largest scale.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from sqlalchemy import Engine, func, insert, select, text

from refwatch.incidents import link_batch
from refwatch.incidents.embed import lead_text
from refwatch.incidents.evaluate import bcubed_f1, event_from_dict
from refwatch.incidents.facts import build_facts
from refwatch.incidents.service import LinkSummary, link_one
from refwatch.incidents.store_index import StoreIndex, facts_row, save_facts
from refwatch.incidents.stored import new_key, refresh
from refwatch.store import make_engine, migrate, session_factory, transaction
from refwatch.store.models import Incident, IncidentReport, LinkFacts, LinkKey
from refwatch.store.models import Report as ReportRow
from refwatch.store.reports import save_report
from refwatch.types import Extraction, Report

sys.path.insert(0, str(Path(__file__).parent))
from stream import Stream, StreamReport

CHUNK = 5000


def _facts_values(job: tuple[int, Report, Extraction, np.ndarray]) -> dict:
    report_id, report, extraction, embedding = job
    return facts_row(build_facts(str(report_id), report, extraction, embedding=embedding))


class Loader:
    """Bulk-loads stream reports with their facts, keys and true incidents (facts in worker processes)."""

    def __init__(self, engine: Engine, pool: Pool) -> None:
        self.engine = engine
        self.pool = pool
        self.incident_ids: dict[int, int] = {}

    def _next_ids(self) -> tuple[int, int]:
        with self.engine.connect() as connection:
            report = connection.scalar(select(func.max(ReportRow.id))) or 0
            incident = connection.scalar(select(func.max(Incident.id))) or 0
        return report + 1, incident + 1

    def load(self, reports: list[StreamReport]) -> None:
        report_id, incident_id = self._next_ids()
        now = datetime.now(UTC)
        rows: dict[str, list[dict]] = {"reports": [], "incidents": [], "links": [], "facts": [], "keys": []}
        jobs = [(report_id + n, item.report, item.extraction, item.embedding) for n, item in enumerate(reports)]
        computed = self.pool.map(_facts_values, jobs, chunksize=250)
        for item, values in zip(reports, computed, strict=True):
            if item.incident not in self.incident_ids:
                self.incident_ids[item.incident] = incident_id
                rows["incidents"].append(_incident_row(incident_id, now))
                incident_id += 1
            rows["reports"].append(_report_row(report_id, item.report, now))
            rows["facts"].append({**values, "computed_at": now})
            rows["keys"].extend({"key": key, "report_id": report_id} for key in values["keys"])  # type: ignore[attr-defined]
            rows["links"].append({"report_id": report_id, "incident_id": self.incident_ids[item.incident],
                                  "assigned_by": "bench", "locked": False, "assigned_at": now})
            report_id += 1
        rows["keys"].sort(key=lambda r: r["key"])
        with self.engine.begin() as connection:
            for table, name in ((Incident, "incidents"), (ReportRow, "reports"), (IncidentReport, "links"),
                                (LinkFacts, "facts"), (LinkKey, "keys")):
                if rows[name]:
                    connection.execute(insert(table), rows[name])


def _incident_row(incident_id: int, now: datetime) -> dict:
    return {"id": incident_id, "key": new_key(), "state": "active", "status": "unknown", "published": False,
            "title_en": "", "title_ko": "", "summary_en": "", "summary_ko": "", "urgency": 0.0, "urgent": False,
            "report_count": 0, "independent_sources": 0, "conflict_count": 0, "record": {}, "created_by": "bench",
            "created_at": now, "updated_at": now}


def _report_row(report_id: int, report: Report, now: datetime) -> dict:
    return {"id": report_id, "external_id": report.external_id, "outlet": report.outlet, "title": report.title,
            "published": report.published, "published_precision": "day", "fetched_at": now,
            "language": report.language, "text": report.text, "content_hash": report.content_hash,
            "state": "linked", "version": 1, "created_at": now}


def _dump(items: list[StreamReport], truth: dict[int, int], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps({
                "report": {k: v for k, v in asdict(item.report).items() if k != "fetched_at"},
                "extraction": {**item.extraction.to_contract()},
                "embedding": item.embedding.round(5).tolist(),
                "stream_incident": item.incident,
                "true_incident": truth.get(item.incident),
            }, ensure_ascii=False) + "\n")


def measure(db: Path, new_file: Path) -> dict:
    """Link the reports in `new_file` one by one, as the watch loop would, timing each."""
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    engine = make_engine(f"sqlite:///{db}")
    factory = session_factory(engine)
    stored = _count(engine)
    lines = [json.loads(line) for line in new_file.read_text(encoding="utf-8").splitlines()]
    link_ms, cpu_ms, facts_ms, considered, correct = [], [], [], [], 0
    chosen: dict[int, int] = {}
    for line in lines:
        report = Report(**line["report"])
        extraction = Extraction(report_id="0", language=report.language, relevant=True, score=1.0,
                                events=tuple(event_from_dict(e) for e in line["extraction"]["events"]))
        with transaction(factory) as session:
            report_id = save_report(session, report, state="linked").report_id
            cpu_started = time.process_time()
            started = time.perf_counter()
            facts = build_facts(str(report_id), report, extraction,
                                embedding=np.asarray(line["embedding"], dtype=np.float32))
            built = time.perf_counter()
            save_facts(session, facts)
            summary = LinkSummary()
            index = StoreIndex(session)
            touched = link_one(session, index, facts, summary)
            refresh(session, touched)
            target = session.get(IncidentReport, report_id).incident_id  # type: ignore[union-attr]
        finished = time.perf_counter()
        cpu_ms.append((time.process_time() - cpu_started) * 1000)
        facts_ms.append((built - started) * 1000)
        link_ms.append((finished - built) * 1000)
        considered.append(len(touched))
        expected = line["true_incident"] or chosen.get(line["stream_incident"])
        correct += (target == expected) if expected else summary.new_incidents == 1
        chosen.setdefault(line["stream_incident"], target)
    engine.dispose()
    return {
        "stored": stored, "new": len(lines), "link_ms_mean": statistics.fmean(link_ms),
        "link_ms_p50": statistics.median(link_ms), "link_ms_p95": float(np.percentile(link_ms, 95)),
        "cpu_ms_mean": statistics.fmean(cpu_ms), "cpu_ms_p50": statistics.median(cpu_ms),
        "facts_ms_mean": statistics.fmean(facts_ms), "right_incident": correct / len(lines),
        "rss_start_mb": start_rss / 1024, "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "db_mb": db.stat().st_size / 2**20,
    }


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(LinkFacts)) or 0)


def curve(args: argparse.Namespace) -> None:
    db = Path(args.db)
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        path.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    with engine.connect() as connection:
        connection.execute(text("PRAGMA cache_size=-262144"))
    pool = Pool(args.workers)
    loader, stream = Loader(engine, pool), iter(Stream(seed=args.seed))
    results, loaded, started = [], 0, time.perf_counter()
    for scale in [int(s) for s in args.scales.split(",")]:
        while loaded < scale:
            chunk = list(itertools.islice(stream, min(CHUNK, scale - loaded)))
            loader.load(chunk)
            loaded += len(chunk)
            print(f"  loaded {loaded:,} reports ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        new = list(itertools.islice(stream, args.new))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "new.jsonl"
            _dump(new, loader.incident_ids, path)
            engine.dispose()
            output = subprocess.run([sys.executable, __file__, "measure", str(db), str(path)], check=True,
                                    capture_output=True, text=True).stdout
        result = json.loads(output.strip().splitlines()[-1])
        results.append(result)
        loaded += len(new)
        for item in new:  # the linker placed them; later reports of their incidents follow its choice
            loader.incident_ids.setdefault(item.incident, -1)
        loader.incident_ids = {k: v for k, v in loader.incident_ids.items() if v != -1}
        print(_row(result), flush=True)
    pool.close()
    base = results[0]["link_ms_mean"]
    first, last = results[0], results[-1]
    print(f"cost growth {first['stored']:,} -> {last['stored']:,} stored reports: wall "
          f"{last['link_ms_mean'] / base:.2f}x (mean), {last['link_ms_p50'] / first['link_ms_p50']:.2f}x (median); "
          f"CPU {last['cpu_ms_mean'] / first['cpu_ms_mean']:.2f}x (mean), "
          f"{last['cpu_ms_p50'] / first['cpu_ms_p50']:.2f}x (median)")


def _row(r: dict) -> str:
    return (f"{r['stored']:>9,} stored: link {r['link_ms_mean']:6.1f} ms/report (p50 {r['link_ms_p50']:.1f}, "
            f"p95 {r['link_ms_p95']:.1f}; CPU {r['cpu_ms_mean']:.1f}, p50 {r['cpu_ms_p50']:.1f}), "
            f"facts {r['facts_ms_mean']:.1f} ms, right incident "
            f"{r['right_incident']:.0%}, peak RSS {r['rss_peak_mb']:.0f} MB (start {r['rss_start_mb']:.0f}), "
            f"db {r['db_mb']:,.0f} MB")


class LookupEmbedder:
    """Hands link_batch the stream's synthetic vectors (the USE would cost hours at bench sizes)."""

    def __init__(self, items: list[StreamReport]) -> None:
        self.vectors = {lead_text(i.report.title, i.report.text): i.embedding for i in items}

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts])


def quality(args: argparse.Namespace) -> None:
    items = list(itertools.islice(iter(Stream(seed=args.seed, reports_per_day=args.per_day)), args.reports))
    started = time.perf_counter()
    labels = link_batch([(i.report, i.extraction) for i in items], embedder=LookupEmbedder(items))
    elapsed = time.perf_counter() - started
    truth = {str(i.serial): str(i.incident) for i in items}
    precision, recall, f1 = bcubed_f1(truth, {str(i.serial): label for i, label in zip(items, labels, strict=True)})
    days = len({i.report.published for i in items})
    print(f"{len(items):,} reports over {days} days, {len(set(truth.values())):,} incidents: B-cubed P {precision:.3f} "
          f"R {recall:.3f} F1 {f1:.3f}; link_batch {elapsed / len(items) * 1000:.1f} ms/report")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("curve", help="cost per new report at several archive sizes")
    run.add_argument("--scales", default="10000,100000,1000000")
    run.add_argument("--new", type=int, default=200, help="reports linked (and timed) at each scale")
    run.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "refwatch-link-bench.db"))
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--workers", type=int, default=2, help="processes computing facts while loading")
    check = commands.add_parser("quality", help="B-cubed of link_batch on a generated stream")
    check.add_argument("--reports", type=int, default=4000)
    check.add_argument("--seed", type=int, default=2)
    check.add_argument("--per-day", type=float, default=5.0, help="stream density: reports per day")
    one = commands.add_parser("measure", help="(internal) link the new reports of one scale")
    one.add_argument("db", type=Path)
    one.add_argument("new_file", type=Path)
    args = parser.parse_args()
    if args.command == "curve":
        curve(args)
    elif args.command == "quality":
        quality(args)
    else:
        print(json.dumps(measure(args.db, args.new_file)))


if __name__ == "__main__":
    main()
