import json
from pathlib import Path

from sqlalchemy import select

from refwatch.sources.ingest import (
    SKIPPED_EXCERPT_CHARS,
    ingest_targets,
)
from refwatch.store.models import FetchAttempt, RawBlob
from refwatch.store.models import Report as ReportRow

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus"


def test_ingest_dev_corpus_keeps_every_relevant_report_as_new(ctx, factory):
    summary = ingest_targets([str(CORPUS / "dev.jsonl")], ctx)
    assert summary.counts["error"] == 0 and summary.total == 100
    relevant = {json.loads(line)["id"] for line in (CORPUS / "dev.jsonl").read_text().splitlines()
                if json.loads(line)["gold"]["relevant"]}
    with factory() as session:
        rows = session.scalars(select(ReportRow)).all()
        new_ids = {row.external_id for row in rows if row.state == "new"}
        skipped = [row for row in rows if row.state == "skipped"]
    assert relevant <= new_ids
    assert all(row.state_reason.startswith("gate:") for row in skipped)
    assert {row.language for row in rows} == {"en", "ko"}


def test_ingest_pages_from_a_feed_url_are_fetched_gated_and_stored(ctx, factory, site):
    summary = ingest_targets([site.url("/feed.xml")], ctx)
    assert (summary.counts["new"], summary.counts["skipped"]) == (1, 1)
    with factory() as session:
        kept = session.scalars(select(ReportRow).where(ReportRow.state == "new")).one()
        skipped = session.scalars(select(ReportRow).where(ReportRow.state == "skipped")).one()
        feed_attempt = session.scalars(select(FetchAttempt).where(FetchAttempt.outcome == "feed")).one()
        skipped_attempt = session.get(FetchAttempt, skipped.fetch_attempt_id)
        kept_blob = session.get(RawBlob, kept.raw_sha256)
    assert kept.title == "Police detain five North Koreans at a bus station in Kunming"
    assert (kept.outlet, kept.published, kept.language) == ("Loopback Ledger", "2024-05-02", "en")
    assert kept.canonical_url == "https://news.example.org/2024/05/02/kunming-five"
    assert "teenage girl" in kept.text and "Markets close higher" not in kept.text
    assert kept_blob is not None and kept_blob.size > 0
    assert skipped.raw_sha256 is None and skipped_attempt.raw_sha256 is None  # gate-skipped bytes not archived
    assert feed_attempt.raw_sha256 is not None


def test_ingest_korean_pages_in_euckr_and_cp949_are_stored_as_korean(ctx, factory, site):
    paths = ["/articles/ko-euckr-header", "/articles/ko-euckr-meta", "/articles/ko-cp949-undeclared"]
    summary = ingest_targets([site.url(p) for p in paths], ctx)
    assert (summary.counts["new"], summary.counts["duplicate"]) == (1, 2)  # the same article three times
    with factory() as session:
        row = session.scalars(select(ReportRow)).one()
    assert "탈북민 4명이 공안에 체포돼" in row.text
    assert (row.language, row.outlet, row.title) == ("ko", "루프백일보", "탈북민 4명 中 투먼서 체포…강제북송 우려")


def test_ingest_bad_inputs_each_get_one_named_error_and_the_run_goes_on(ctx, factory, site, tmp_path):
    kept_before = ingest_targets([site.url("/articles/en")], ctx)
    assert kept_before.counts["new"] == 1
    with factory() as session:
        before = [(r.id, r.content_hash, r.text) for r in session.scalars(select(ReportRow))]
    jsonl = tmp_path / "mixed.jsonl"
    jsonl.write_text('{"id": "ok-1", "text": "Vietnam police detained six North Koreans near Lang Son."}\n'
                     '{"id": "bad", "text": \n'
                     '{"id": "ok-2", "text": "탈북민 3명 라오스서 체포…강제북송 우려"}\n', encoding="utf-8")
    unknown = tmp_path / "scan.pdf"
    unknown.write_bytes(b"%PDF")
    targets = {
        site.url("/malformed-feed.xml"): "RW301", site.url("/articles/no-article"): "RW302",
        site.url("/articles/binary"): "RW103", site.url("/huge"): "RW202", site.url("/loop/a"): "RW203",
        "http://10.0.0.1/internal": "RW201", str(unknown): "RW101", f"{jsonl}:2": "RW102",
    }
    summary = ingest_targets([*targets.keys() - {f"{jsonl}:2"}, str(jsonl), site.url("/articles/ko-euckr-meta")],
                             ctx)
    assert summary.counts["error"] == len(targets)
    assert summary.counts["new"] == 3  # two JSONL lines and the EUC-KR page
    with factory() as session:
        attempts = {a.url: a for a in session.scalars(select(FetchAttempt).where(FetchAttempt.outcome == "error"))}
        after = [(r.id, r.content_hash, r.text) for r in session.scalars(select(ReportRow))]
    for origin, code in targets.items():
        assert attempts[origin].error_code == code, origin
        assert origin in attempts[origin].error_message
    assert "no-article" in attempts[site.url("/articles/no-article")].error_message
    assert attempts[site.url("/articles/no-article")].raw_sha256 is not None  # bytes kept for diagnosis
    assert after[: len(before)] == before  # nothing already stored was touched


def test_ingest_skipped_reports_are_batched_and_linked_to_their_attempts(ctx, factory, tmp_path, monkeypatch):
    monkeypatch.setattr("refwatch.sources.context.SKIPPED_BATCH", 128)  # three batches and a remainder
    for n in range(300):
        (tmp_path / f"note-{n:03d}.txt").write_text(f"Market report {n}: shares rose {n % 7} percent.")
    (tmp_path / "same-as-0.txt").write_text("Market report 0: shares rose 0 percent.")
    summary = ingest_targets([str(tmp_path)], ctx)
    assert (summary.counts["skipped"], summary.counts["duplicate"]) == (300, 1)
    with factory() as session:
        rows = session.scalars(select(ReportRow)).all()
        attempts = {a.id: a for a in session.scalars(select(FetchAttempt))}
    assert len(rows) == 300 and {r.state for r in rows} == {"skipped"}
    assert all(attempts[r.fetch_attempt_id].url.endswith(".txt") for r in rows)
    assert len(attempts) == 301  # the duplicate's read is an attempt too


def test_ingest_a_skipped_page_keeps_an_excerpt_and_its_reason(ctx, factory, tmp_path):
    page = tmp_path / "markets.html"
    paragraphs = "".join(f"<p>Shares of company {n} rose {n % 9} percent on strong demand.</p>" for n in range(200))
    page.write_text(f"<html><head><title>Markets</title></head><body>{paragraphs}</body></html>")
    summary = ingest_targets([str(page)], ctx)
    assert summary.counts["skipped"] == 1
    with factory() as session:
        row = session.scalars(select(ReportRow)).one()
    assert row.title == "Markets" and row.state == "skipped"
    assert row.text.startswith("Markets\n\nShares of company 0 rose") and row.text.endswith("…")
    assert len(row.text) <= len("Markets\n\n") + SKIPPED_EXCERPT_CHARS + 2
    assert row.state_reason == "gate: no mention of North Korean people or of forced return"


def test_ingest_a_skipped_report_that_cannot_be_stored_is_an_error_without_made_up_bytes(ctx, factory, tmp_path,
                                                                                       monkeypatch):
    def broken_batch(session, items):
        raise RuntimeError("disk full")

    monkeypatch.setattr("refwatch.sources.context.save_skipped_batch", broken_batch)
    (tmp_path / "markets.txt").write_text("Market report: shares rose 2 percent.")
    ingest_targets([str(tmp_path)], ctx)
    with factory() as session:
        [attempt] = session.scalars(select(FetchAttempt)).all()
        blobs = session.scalars(select(RawBlob)).all()
    assert attempt.outcome == "error" and attempt.error_code == "RW400" and "disk full" in attempt.error_message
    assert attempt.raw_sha256 is None and blobs == []  # the page's bytes were not kept; an empty blob would lie


def test_ingest_a_url_with_credentials_is_refused_and_the_password_kept_nowhere(ctx, factory, site):
    target = site.base_url.replace("http://", "http://monitor:hunter2@") + "/articles/en"
    summary = ingest_targets([target], ctx)
    assert summary.counts["error"] == 1 and "hunter2" not in summary.errors[0].error
    with factory() as session:
        [attempt] = session.scalars(select(FetchAttempt)).all()
    assert attempt.error_code == "RW208" and "user name or password" in attempt.error_message
    assert "hunter2" not in attempt.url and "hunter2" not in attempt.error_message
    assert site.requests["/articles/en"] == 0
