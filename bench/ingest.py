"""Benchmark: the whole ingest of a news stream against trafilatura on every page.

    .venv/bin/python bench/ingest.py                 # 3000 pages, about 1 % relevant
    .venv/bin/python bench/ingest.py --pages 10000 --seed 7

It writes a stream of local HTML pages (English and Korean ordinary news with real page
furniture: menus, cookie bars, inline scripts, most-read boxes, comments; some Korean pages
in EUC-KR; about 1 % relevant reports taken from the dev corpus), then, each in its own
process so that peak memory is measured cleanly:

1. ingests the pages with `refwatch.sources.ingest` into a fresh SQLite database (decode,
   gate, trafilatura in its worker on the pages that pass, language, store), and
2. calls `trafilatura.extract` on every page, which is what ingestion would cost without
   the cheap gate.

The two run in turns over the same slices of the stream, so that the varying load of a
shared machine falls on both alike. It prints pages per second, wall and CPU seconds (CPU
time includes the extraction worker), peak RSS and the ratio; the target is at least 10x.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "fixtures" / "corpus" / "dev.jsonl"

EN_SENTENCES = [
    "The {org} said on {day} that quarterly revenue rose {n} percent from a year earlier.",
    "Shares of {org} closed {n} percent higher after the company raised its full-year forecast.",
    "The city council voted {n} to {m} to approve the new bus lanes on {street} Street.",
    "Forecasters expect up to {n} millimetres of rain along the coast by {day} evening.",
    "The home side came from behind to win {n}-{m}, with a late header from the captain.",
    "Officials said the new bridge over the {street} river would open to traffic in {month}.",
    "The ministry plans to hire {n} more teachers for rural schools next year.",
    "Consumer prices rose {n}.{m} percent in {month}, slightly above economists' expectations.",
    "The festival drew about {n},000 visitors over three days, organisers said.",
    "A spokesperson for {org} declined to comment on the talks, citing confidentiality.",
    "North Korea fired {n} short-range ballistic missiles into the sea on {day}, the military said.",
    "The two foreign ministers agreed to resume a regular dialogue suspended in {month}.",
    "Researchers at {org} said the new battery keeps {n} percent of its capacity after {m} cycles.",
    "Police said a {n}-year-old driver was taken to hospital after the crash on {street} Road.",
    "The central bank held its benchmark rate at {n}.{m} percent for a {n}th straight meeting.",
    "Tickets for the concert on {day} sold out within {n} minutes, the promoter said.",
]
KO_SENTENCES = [
    "{org}는 {day} 올해 {n}분기 영업이익이 전년 대비 {m}% 늘었다고 밝혔다.",
    "코스피는 외국인 매수세에 힘입어 전 거래일보다 {n}.{m}% 오른 채 장을 마쳤다.",
    "기상청은 {day} 오후부터 남부 지방에 최대 {n}㎜의 비가 내리겠다고 예보했다.",
    "프로야구 {org}는 {day} 경기에서 {n}대 {m}으로 역전승을 거뒀다.",
    "국회는 본회의를 열어 {n}건의 법안을 처리했다.",
    "서울시는 {street}로 일대에 자전거 전용도로 {n}㎞를 새로 만든다고 밝혔다.",
    "소비자물가 상승률이 {n}.{m}%를 기록해 석 달 만에 반등했다.",
    "북한이 {day} 동해상으로 단거리 탄도미사일 {n}발을 발사했다고 합동참모본부가 밝혔다.",
    "{org} 관계자는 \"협상이 진행 중이라 구체적인 내용은 밝히기 어렵다\"고 말했다.",
    "올해 축제에는 사흘 동안 {n}만 명이 넘는 관람객이 몰렸다.",
    "교육부는 내년 농어촌 학교에 교사 {n}명을 추가로 배치하기로 했다.",
    "경찰은 {street}로에서 발생한 교통사고로 {n}명이 다쳐 병원으로 옮겨졌다고 밝혔다.",
]
ORGS_EN = ["Hanseong Motors", "the finance ministry", "Blue Harbor Bank", "the transport authority", "Nexa Labs"]
ORGS_KO = ["한성전자", "기획재정부", "푸른은행", "서울교통공사", "넥사연구소"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
DAYS_KO = ["월요일", "화요일", "수요일", "목요일", "금요일"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
STREETS = ["Jongno", "Harbor", "Mapo", "Station", "Eulji", "Riverside"]


def _sentence(rng: random.Random, korean: bool) -> str:
    template = rng.choice(KO_SENTENCES if korean else EN_SENTENCES)
    return template.format(
        org=rng.choice(ORGS_KO if korean else ORGS_EN), day=rng.choice(DAYS_KO if korean else DAYS_EN),
        n=rng.randint(2, 98), m=rng.randint(1, 9), month=rng.choice(MONTHS), street=rng.choice(STREETS))


def _teasers(rng: random.Random, korean: bool, count: int) -> str:
    return "".join(
        f'<li><a href="/article/{rng.randint(10**5, 10**6)}"><img src="/img/{rng.randint(1, 10**6)}.jpg" alt="">'
        f"<strong>{escape(_sentence(rng, korean)[:50])}</strong><span>{escape(_sentence(rng, korean))}</span></a></li>"
        for _ in range(count))


def _furniture(rng: random.Random, korean: bool, headlines: list[str]) -> tuple[str, str]:
    """Header and footer of a portal-style news page, about 100 kB as on real sites: menus,
    cookie bar, inline state and scripts, an SVG sprite, teaser boxes, most-read, comments."""
    sections = ["정치", "경제", "사회", "국제", "북한", "스포츠", "연예", "IT"] if korean else [
        "Politics", "Business", "World", "North Korea", "Sport", "Culture", "Tech", "Opinion"]
    menu = "".join(f'<li><a href="/s/{i}">{s}</a><ul>' + "".join(
        f'<li><a href="/s/{i}/{j}">{s} {j}</a></li>' for j in range(20)) + "</ul></li>"
        for i, s in enumerate(sections))
    state = json.dumps({"recommended": [{"id": rng.randint(1, 10**7), "title": _sentence(rng, korean),
                                         "url": f"/article/{rng.randint(1, 10**7)}", "thumb": "/img/t.jpg"}
                                        for _ in range(200)], "ads": [{"slot": f"slot-{i}"} for i in range(40)]},
                       ensure_ascii=False)
    sprite = "<svg style=\"display:none\">" + "".join(
        f'<symbol id="i{i}" viewBox="0 0 24 24"><path d="M{i} 2 L22 {i} L2 22 Z M4 4 h16 v16 h-16 z"/></symbol>'
        for i in range(80)) + "</svg>"
    most_read = "".join(f"<li><a href=\"/a/{rng.randint(1, 10**6)}\">{escape(h)}</a></li>" for h in headlines)
    header = (f"<style>{'.c{color:#333;margin:0 auto;padding:4px}' * 150}</style>"
              f"<script>window.__STATE__ = {state};</script>"
              f"<script>{'(function(w){w.dataLayer=w.dataLayer||[];w.dataLayer.push({e:1});})(window);' * 60}</script>"
              f"{sprite}"
              '<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>'
              f'<header><nav class="gnb"><ul>{menu}</ul></nav></header>')
    footer = (f'<section class="related"><h3>Related</h3><ul>{_teasers(rng, korean, 15)}</ul></section>'
              f'<aside class="most-read"><h3>Most read</h3><ol>{most_read}</ol></aside>'
              f'<section class="recommend"><ul>{_teasers(rng, korean, 30)}</ul></section>'
              f'<section class="latest"><h3>Latest</h3><ul>{_teasers(rng, korean, 20)}</ul></section>'
              '<div class="comments"><p>Reader comment: great article!</p><p>Reader comment: I disagree.</p></div>'
              f'<footer><ul>{menu}</ul><p>© News Corp. All rights reserved.</p></footer>')
    return header, footer


def _page(rng: random.Random, *, korean: bool, title: str, paragraphs: list[str], headlines: list[str],
          charset: str = "utf-8") -> str:
    header, footer = _furniture(rng, korean, headlines)
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{"ko" if korean else "en"}"><head><meta charset="{charset}">'
            f"<title>{escape(title)} | Daily</title><meta property=\"og:title\" content=\"{escape(title)}\">"
            f'<meta property="article:published_time" content="2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}">'
            f"</head><body>{header}<main><article><h1>{escape(title)}</h1>{body}</article></main>"
            f"{footer}</body></html>")


def generate(folder: Path, *, pages: int, relevant_share: float, seed: int) -> int:
    """Write `pages` HTML files into `folder`; return how many are relevant reports."""
    rng = random.Random(seed)
    relevant_docs = [d for d in map(json.loads, DEV.read_text(encoding="utf-8").splitlines())
                     if d["gold"]["relevant"]]
    rng.shuffle(relevant_docs)
    relevant_at = set(rng.sample(range(pages), min(len(relevant_docs), max(1, round(pages * relevant_share)))))
    headlines = [d["title"] for d in relevant_docs[:5]]  # other stories' headlines in most-read boxes
    used = 0
    for index in range(pages):
        if index in relevant_at:
            doc = relevant_docs[used]
            used += 1
            html = _page(rng, korean=doc["language"] == "ko", title=doc["title"],
                         paragraphs=doc["text"].split("\n\n"), headlines=headlines)
            (folder / f"page-{index:05d}.html").write_text(html, encoding="utf-8")
            continue
        korean = rng.random() < 0.4
        paragraphs = [" ".join(_sentence(rng, korean) for _ in range(rng.randint(2, 4)))
                      for _ in range(rng.randint(6, 14))]
        paragraphs.append(f"(#{index})")
        charset = "euc-kr" if korean and rng.random() < 0.3 else "utf-8"
        html = _page(rng, korean=korean, title=_sentence(rng, korean)[:60], paragraphs=paragraphs,
                     headlines=headlines, charset=charset)
        encoded = html.encode("cp949" if charset == "euc-kr" else "utf-8", errors="xmlcharrefreplace")
        (folder / f"page-{index:05d}.html").write_bytes(encoded)
    return used


def _cpu_seconds(who: int | None = None) -> float:
    """CPU time of this process and its finished children: steadier than wall time on a shared machine."""
    if who is not None:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime
    return _cpu_seconds(resource.RUSAGE_SELF) + _cpu_seconds(resource.RUSAGE_CHILDREN)


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


class IngestPhase:
    """The whole refwatch ingest into a fresh SQLite database, one folder (slice) at a time."""

    def __init__(self) -> None:
        from refwatch.settings import load_settings
        from refwatch.sources.ingest import IngestContext
        from refwatch.store import make_engine, migrate, session_factory

        self._data = tempfile.TemporaryDirectory()
        settings = load_settings(environ={}, data_dir=self._data.name)
        self.engine = make_engine(settings.effective_database_url)
        migrate(self.engine)
        self.ctx = IngestContext(settings, session_factory(self.engine))
        self.counts: dict[str, int] = {}

    def run(self, folder: Path) -> None:
        from refwatch.sources.ingest import ingest_targets

        summary = ingest_targets([str(folder)], self.ctx)
        for key, count in summary.counts.items():
            self.counts[key] = self.counts.get(key, 0) + count

    def finish(self) -> dict[str, object]:
        self.ctx.close()  # stops the extraction worker, whose CPU time then counts as ours
        self.engine.dispose()
        self._data.cleanup()
        return {"counts": self.counts, "worker_cpu": _cpu_seconds(resource.RUSAGE_CHILDREN),
                "worker_peak_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN)}


class TrafilaturaPhase:
    """`trafilatura.extract` on every page: what ingestion would cost without the cheap gate."""

    def __init__(self) -> None:
        import trafilatura

        self.extract = trafilatura.extract
        self.extract("<html><body><p>" + "warm-up " * 30 + "</p></body></html>")  # lazy set-up not counted
        self.extracted = 0

    def run(self, folder: Path) -> None:
        for path in sorted(folder.glob("*.html")):
            raw = path.read_bytes()
            text = raw.decode("utf-8") if b'charset="utf-8"' in raw[:300] else raw.decode("cp949")
            self.extracted += self.extract(text) is not None

    def finish(self) -> dict[str, object]:
        return {"extracted": self.extracted}


def serve_phase(name: str) -> None:
    """Child process: read folder paths on stdin, time each run, report the totals at the end."""
    phase = IngestPhase() if name == "ingest" else TrafilaturaPhase()
    seconds = cpu = 0.0
    for line in sys.stdin:
        start, cpu_start = time.perf_counter(), _cpu_seconds()
        if line.strip():
            phase.run(Path(line.strip()))
        else:
            totals = phase.finish()
        seconds += time.perf_counter() - start
        cpu += _cpu_seconds() - cpu_start
        print(json.dumps({"done": line.strip()}) if line.strip() else json.dumps(
            {"seconds": seconds, "cpu": cpu, "peak_rss_mb": _peak_rss_mb(), **totals}), flush=True)


class _Child:
    def __init__(self, name: str) -> None:
        self.process = subprocess.Popen([sys.executable, __file__, "--serve", name], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)

    def ask(self, line: str) -> dict[str, object]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return dict(json.loads(self.process.stdout.readline()))

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


def measure(slices: list[Path]) -> tuple[dict[str, object], dict[str, object]]:
    """Run both phases over the same slices, alternating, so that the load of a shared machine
    falls on both alike; each phase counts only the time it spends on its own slices."""
    ingest, extract = _Child("ingest"), _Child("trafilatura")
    try:
        for folder in slices:
            ingest.ask(str(folder))
            extract.ask(str(folder))
        return ingest.ask(""), extract.ask("")
    finally:
        ingest.close()
        extract.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--relevant-share", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slices", type=int, default=6, help="Alternate the two phases over this many slices.")
    parser.add_argument("--serve", choices=["ingest", "trafilatura"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_phase(args.serve)
        return
    with tempfile.TemporaryDirectory() as folder:
        relevant = generate(Path(folder), pages=args.pages, relevant_share=args.relevant_share, seed=args.seed)
        pages = sorted(Path(folder).glob("*.html"))
        size_mb = sum(p.stat().st_size for p in pages) / 1e6
        print(f"stream: {args.pages} pages, {relevant} relevant, {size_mb:.0f} MB "
              f"({size_mb * 1000 / args.pages:.0f} kB a page), measured in {args.slices} alternating slices")
        slices = [Path(folder) / f"slice-{n}" for n in range(args.slices)]
        for n, slice_folder in enumerate(slices):
            slice_folder.mkdir()
            for page in pages[n :: args.slices]:
                page.rename(slice_folder / page.name)
        ingest, extract = measure(slices)
    _report(args.pages, relevant, ingest, extract)


def _report(pages: int, relevant: int, ingest: dict[str, Any], extract: dict[str, Any]) -> None:
    counts = ingest["counts"]
    print(f"refwatch ingest:         {pages / ingest['seconds']:8.0f} pages/s  {ingest['seconds']:7.2f} s wall "
          f"{ingest['cpu']:7.2f} s CPU (extraction worker {ingest['worker_cpu']:.2f} s)  "
          f"peak RSS {ingest['peak_rss_mb']:.0f} MB (+ worker {ingest['worker_peak_rss_mb']:.0f} MB)  {counts}")
    print(f"trafilatura every page:  {pages / extract['seconds']:8.0f} pages/s  {extract['seconds']:7.2f} s wall "
          f"{extract['cpu']:7.2f} s CPU  peak RSS {extract['peak_rss_mb']:.0f} MB")
    wall, cpu = extract["seconds"] / ingest["seconds"], extract["cpu"] / ingest["cpu"]
    print(f"ratio: ingest is {wall:.1f}x faster than trafilatura on every page in wall time, {cpu:.1f}x in CPU "
          f"time (target >= 10x): {'met' if min(wall, cpu) >= 10 else 'NOT met'}")
    if counts.get("new", 0) < relevant:
        print(f"warning: only {counts.get('new', 0)} of {relevant} relevant pages passed the gate")


if __name__ == "__main__":
    main()
