"""The public site under load: incident page and incident list, 100,000 reports, 10,000 incidents.

    python bench/web.py                          # build (once) into bench/out/web-bench, then measure
    python bench/web.py --workers 2 --seconds 15 --connections 16
    python bench/web.py --rebuild                # throw the database away and build it again

Build: the report stream of `bench/stream.py` (English and Korean stories, wire copies,
translations, follow-ups, noisy extractions). The reports of its first 10,000 incidents get their
real linker facts (`build_facts`), membership and a record derived by `derive_record`, exactly
what `refwatch/incidents/` stores; the incidents are published with a summary in both languages.
The rest of the first 100,000 reports are stored unlinked, as most of a news stream is. All
rows go in with bulk inserts (the search triggers index every report on the way).

Measure: `refwatch`'s app (`create_app`) under uvicorn with `--workers` processes on loopback;
`wrk` (Debian's package: `apt-get install wrk`) requests incident pages by random key and list
pages with random filters for `--seconds`, and prints p50/p95/p99 and requests per second. In
the same run one incident page is saved as a file and served by Python's plain static server
(`http.server`), loaded the same way: the ratio says what the dynamic page costs. Without wrk
an asyncio httpx client does the loading (it needs a core of its own, so the figures are lower).
Targets: p95 <= 50 ms and >= 300 requests/s for both the incident page and the list (warm: the
sampled pages were each requested before, as on a site in use); `incident_page_cold` loads pages
no one has asked for since the server started, for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, text

sys.path.insert(0, str(Path(__file__).parent))
from stream import Stream

from refwatch.incidents.facts import build_facts
from refwatch.incidents.record import derive_record
from refwatch.incidents.store_index import facts_row
from refwatch.incidents.stored import DERIVED_COLUMNS, new_key
from refwatch.settings import load_settings
from refwatch.store import make_engine, migrate
from refwatch.store.models import EventRow, Incident, IncidentReport, LinkFacts
from refwatch.store.models import Report as ReportRow

OUT = Path(__file__).parent / "out"
CHUNK = 2000
STATUSES = ("detained", "at_risk", "transferred", "repatriated", "released")
COUNTRIES = ("CN", "VN", "LA", "TH", "MN")
TARGET_P95_MS = 50.0
TARGET_RPS = 300.0


def app_factory() -> Any:
    """What each uvicorn worker imports (`--factory web:app_factory`): the real app on the bench data."""
    from refwatch.web.app import create_app

    return create_app(load_settings())


def _report_row(serial: int, item: Any) -> dict[str, Any]:
    report = item.report
    return {"id": serial, "external_id": f"bench-{serial}", "url": report.url or f"https://news.example/{serial}",
            "canonical_url": None, "outlet": report.outlet, "title": report.title, "published": report.published,
            "published_precision": "day", "language": report.language, "text": report.text,
            "content_hash": f"{serial:064x}", "state": "linked", "version": 1}


def _event_rows(serial: int, item: Any) -> list[dict[str, Any]]:
    return [{"report_id": serial, "type": e.type, "date": e.date, "date_precision": e.date_precision,
             "country": e.country, "place": e.place, "lat": e.lat, "lon": e.lon, "count": e.count,
             "count_qualifier": e.count_qualifier, "children": e.children, "authority": e.authority,
             "background": e.background, "evidence": e.evidence, "confidence": e.confidence, "review": "accepted"}
            for e in item.extraction.events]


def build(engine: Engine, *, reports: int, incidents: int, seed: int) -> dict[str, Any]:
    """Fill the database; returns what was built (counts, time)."""
    started = time.perf_counter()
    migrate(engine)
    members: dict[int, list[tuple[int, Any]]] = {}
    report_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    for serial, item in enumerate(Stream(seed=seed), 1):
        if serial > reports:
            break
        row = _report_row(serial, item)
        if item.incident not in members and len(members) >= incidents:
            row["state"] = "extracted"
        else:
            members.setdefault(item.incident, []).append((serial, item))
        report_rows.append(row)
        event_rows += _event_rows(serial, item)
    with engine.begin() as connection:
        for start in range(0, len(report_rows), CHUNK):
            connection.execute(insert(ReportRow), report_rows[start:start + CHUNK])
        for start in range(0, len(event_rows), CHUNK * 2):
            connection.execute(insert(EventRow), event_rows[start:start + CHUNK * 2])
    rng = random.Random(seed)
    incident_rows, link_rows, fact_rows = [], [], []
    for number, (truth, items) in enumerate(sorted(members.items()), 1):
        facts = []
        for serial, item in items:
            built = build_facts(str(serial), item.report, item.extraction, embedding=item.embedding)
            facts.append(built)
            fact_rows.append({**facts_row(built), "extraction_id": None})
            link_rows.append({"report_id": serial, "incident_id": number, "assigned_by": "linker", "locked": False,
                              "score": 0.9})
        record = derive_record(facts)
        values = {name: getattr(record, name) for name in DERIVED_COLUMNS}
        incident_rows.append({
            "id": number, "key": new_key(), "state": "active", "published": True, **values,
            "title_en": "", "title_ko": "", "summary_en": f"Group {truth}: what monitors checked so far.",
            "summary_ko": f"일행 {truth}: 모니터가 지금까지 확인한 내용.", "urgency": record.urgency.score,
            "urgent": record.urgency.urgent, "report_count": record.report_count,
            "independent_sources": record.independent_sources, "conflict_count": len(record.conflicts),
            "record": record.to_json(), "created_by": "linker", "lat": values["lat"] or rng.uniform(20, 45),
            "lon": values["lon"] or rng.uniform(100, 130),
        })
    with engine.begin() as connection:
        for rows, table in ((incident_rows, Incident), (link_rows, IncidentReport), (fact_rows, LinkFacts)):
            for start in range(0, len(rows), CHUNK):
                connection.execute(insert(table), rows[start:start + CHUNK])
        connection.execute(text("ANALYZE"))
    return {"reports": len(report_rows), "incidents": len(incident_rows), "linked_reports": len(link_rows),
            "events": len(event_rows), "build_seconds": round(time.perf_counter() - started, 1)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout} s")


WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
math.randomseed(7)
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Accept-Language"] = "en"})
end
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %.3f %.3f %.3f %d\\n", summary.requests, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max))
end
"""


def load_wrk(base: str, paths: list[str], *, seconds: int, connections: int, workdir: Path) -> dict[str, float]:
    listing = workdir / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = workdir / "bench.lua"
    script.write_text(WRK_SCRIPT)
    output = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
                             base], capture_output=True, text=True, env={**os.environ, "BENCH_PATHS": str(listing)},
                            check=True).stdout
    found = re.search(r"^BENCH (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+)", output, re.MULTILINE)
    if found is None:
        raise SystemExit("wrk printed no summary:\n" + output)
    requests, duration_us, errors = int(found[1]), int(found[2]), int(found[3])
    return {"requests": requests, "errors": errors, "rps": requests / (duration_us / 1e6), "p50_ms": float(found[4]),
            "p95_ms": float(found[5]), "p99_ms": float(found[6])}


async def _load_httpx(base: str, paths: list[str], seconds: int, connections: int) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    rng = random.Random(7)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            began = time.perf_counter()
            answer = await client.get(rng.choice(paths))
            latencies.append((time.perf_counter() - began) * 1000)
            errors += answer.status_code >= 400

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=httpx.Limits(max_connections=connections)) as c:
        await asyncio.gather(*(worker(c) for _ in range(connections)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": errors, "rps": len(latencies) / elapsed, "p50_ms": cuts[49],
            "p95_ms": cuts[94], "p99_ms": cuts[98]}


def load(base: str, paths: list[str], *, seconds: int, connections: int, workdir: Path) -> dict[str, float]:
    if shutil.which("wrk"):
        return load_wrk(base, paths, seconds=seconds, connections=connections, workdir=workdir)
    return asyncio.run(_load_httpx(base, paths, seconds, connections))


def _paths(engine: Engine, sample: int, seed: int) -> tuple[list[str], list[str], list[str]]:
    """Incident pages to warm and load, list pages with filters, and incident pages never warmed."""
    with engine.connect() as connection:
        keys = [row[0] for row in connection.execute(text("SELECT key FROM incidents WHERE published"))]
    rng = random.Random(seed)
    rng.shuffle(keys)
    pages = [f"/incidents/{key}" for key in keys[:sample]]
    cold = [f"/incidents/{key}" for key in keys[sample:]]
    lists = ["/incidents"]
    for _ in range(sample // 10):
        choice = rng.random()
        if choice < 0.3:
            lists.append(f"/incidents?country={rng.choice(COUNTRIES)}")
        elif choice < 0.5:
            lists.append(f"/incidents?status={rng.choice(STATUSES)}")
        elif choice < 0.7:
            lists.append(f"/incidents?country=CN&since={rng.randint(1999, 2001)}-{rng.randint(1, 12):02d}")
        elif choice < 0.8:
            lists.append("/incidents?children=1")
        else:
            lists.append("/incidents")
    return pages, lists, cold


def measure(data_dir: Path, engine: Engine, args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    port = _free_port()
    env = {**os.environ, "REFWATCH_DATA_DIR": str(data_dir), "REFWATCH_DATABASE_URL": "",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH")]))}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--app-dir", str(Path(__file__).parent), "--factory",
                               "web:app_factory", "--host", "127.0.0.1", "--port", str(port), "--workers",
                               str(args.workers), "--log-level", "warning", "--no-access-log"], env=env)
    base = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {}
    workdir = Path(tempfile.mkdtemp(prefix="web-bench-"))
    try:
        _wait(base + "/healthz", server)
        pages, lists, cold = _paths(engine, args.sample, args.seed)
        for _ in range(3):  # warm both workers' caches the way a day of traffic would (new connections)
            with httpx.Client(base_url=base, timeout=30) as client:
                for path in pages + lists:
                    client.get(path)
        with httpx.Client(base_url=base, timeout=30) as client:
            sizes = [len(client.get(p).content) for p in pages[:50]]
            static_html = client.get(pages[0]).content
        results["page_bytes_median"] = statistics.median(sizes)
        results["incident_page"] = load(base, pages, seconds=args.seconds, connections=args.connections,
                                        workdir=workdir)
        results["incident_list"] = load(base, lists, seconds=args.seconds, connections=args.connections,
                                        workdir=workdir)
        if cold:  # pages no one asked for yet: the record is built and the page drawn on the way
            results["incident_page_cold"] = load(base, cold, seconds=args.seconds, connections=args.connections,
                                                 workdir=workdir)
    finally:
        server.terminate()
        server.wait(timeout=30)
    site = workdir / "site"
    (site / "incidents").mkdir(parents=True)
    (site / "incidents" / "page.html").write_bytes(static_html)
    static_port = _free_port()
    static = subprocess.Popen([sys.executable, "-m", "http.server", str(static_port), "--bind", "127.0.0.1",
                               "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"http://127.0.0.1:{static_port}/incidents/page.html", static)
        results["static_file"] = load(f"http://127.0.0.1:{static_port}", ["/incidents/page.html"],
                                      seconds=args.seconds, connections=args.connections, workdir=workdir)
    finally:
        static.terminate()
        static.wait(timeout=30)
    shutil.rmtree(workdir, ignore_errors=True)
    return results


def _line(name: str, figures: dict[str, float]) -> str:
    return (f"{name:<19} {figures['rps']:>8.0f} req/s  p50 {figures['p50_ms']:6.1f} ms  p95 {figures['p95_ms']:6.1f} ms"
            f"  p99 {figures['p99_ms']:6.1f} ms  ({figures['requests']} requests, {figures['errors']} errors)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=OUT / "web-bench", help="Where the bench database lives.")
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--sample", type=int, default=2000, help="Incident pages (and 1/10 as many lists) to rotate.")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.rebuild and args.dir.exists():
        shutil.rmtree(args.dir)
    args.dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{args.dir / 'refwatch.db'}")
    marker = args.dir / "built.json"
    if marker.exists():
        built = json.loads(marker.read_text())
    else:
        print(f"building {args.reports:,} reports and {args.incidents:,} incidents in {args.dir} ...", flush=True)
        built = build(engine, reports=args.reports, incidents=args.incidents, seed=args.seed)
        marker.write_text(json.dumps(built))
    print("data:", json.dumps(built), flush=True)
    results = measure(args.dir, engine, args)
    tool = "wrk" if shutil.which("wrk") else "httpx"
    print(f"\n{args.workers} uvicorn workers, {args.connections} connections, {args.seconds} s each, client: {tool}")
    print(f"median incident page: {results['page_bytes_median'] / 1024:.1f} KiB")
    for name in ("incident_page", "incident_list", "incident_page_cold", "static_file"):
        if name in results:
            print(_line(name, results[name]))
    ratio = results["static_file"]["rps"] / results["incident_page"]["rps"]
    print(f"static file / incident page throughput: {ratio:.1f}x")
    verdict = all(results[n]["p95_ms"] <= TARGET_P95_MS and results[n]["rps"] >= TARGET_RPS
                  for n in ("incident_page", "incident_list"))
    print(f"targets (p95 <= {TARGET_P95_MS:.0f} ms, >= {TARGET_RPS:.0f} req/s): {'met' if verdict else 'NOT met'}")
    OUT.mkdir(exist_ok=True)
    (OUT / "web-latest.json").write_text(json.dumps({"data": built, "args": vars(args) | {"dir": str(args.dir)},
                                                     "client": tool, "results": results}, indent=2))


if __name__ == "__main__":
    main()
