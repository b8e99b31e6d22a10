from pathlib import Path

from sqlalchemy import select

from refwatch.demo import DEMO_PAGES
from refwatch.sources.context import IngestContext
from refwatch.sources.files import read_path
from refwatch.sources.ingest import ingest_targets
from refwatch.sources.pages import EXTRACT_TARGET
from refwatch.sources.runner import ItemResult, run, run_item
from refwatch.sources.timebox import TimeBox
from refwatch.sources.work import Work
from refwatch.store.models import Report as ReportRow

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus"


def test_runner_stage_errors_go_to_the_handler_with_the_stage_name(ctx):
    seen = []

    def handler(work, stage, error, context):
        seen.append((work.origin, stage, type(error).__name__))
        return ItemResult(work.origin, "error", stage=stage, error=str(error))

    result = run_item(Work(origin="x", url="gopher://x.test/"), ctx, on_error=handler)
    assert seen == [("x", "fetch", "UnsupportedUrl")]
    assert (result.outcome, result.stage) == ("error", "fetch")


class SlowWorker(TimeBox):
    """A real worker that never reports itself ready early: the runner must keep gating."""

    def ready(self):
        return False


def test_runner_articles_are_read_while_later_pages_are_gated(loopback_settings, factory, tmp_path):
    stream = tmp_path / "stream"
    stream.mkdir()
    for n, page in enumerate(sorted(DEMO_PAGES.glob("*.html"))[:3]):
        (stream / f"{n}-a.html").write_bytes(page.read_bytes())
        (stream / f"{n}-b.txt").write_text(f"Weather note {n}: sunny with light winds.")
    order = []
    worker = SlowWorker(EXTRACT_TARGET, timeout=60)
    try:
        with IngestContext(loopback_settings, factory, timebox=worker) as context:
            summary = ingest_targets([str(stream)], context, on_item=lambda r: order.append(Path(r.origin).name))
    finally:
        worker.close()
    assert (summary.counts["new"], summary.counts["skipped"]) == (3, 3)
    # Each article lands when the next one needs the worker (or at the end), after the notes gated meanwhile.
    assert order == ["0-b.txt", "0-a.html", "1-b.txt", "1-a.html", "2-b.txt", "2-a.html"]
    with factory() as session:
        kept = session.scalars(select(ReportRow).where(ReportRow.state == "new")).all()
    assert len({r.canonical_url for r in kept}) == 3 and all(r.raw_sha256 for r in kept)


def test_runner_stop_request_still_lands_the_article_in_flight(ctx, factory, tmp_path):
    stream = tmp_path / "stream"
    stream.mkdir()
    (stream / "0-article.html").write_bytes(sorted(DEMO_PAGES.glob("*.html"))[0].read_bytes())
    (stream / "1-note.txt").write_text("Weather note: rain.")
    seen = []
    summary = run(read_path(stream), ctx, should_stop=lambda: bool(seen) or ctx.timebox.busy,
                  on_item=seen.append)
    assert summary.counts["new"] == 1 and summary.total == 1  # the note was never started
    with factory() as session:
        assert session.scalars(select(ReportRow)).one().state == "new"
