import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from refwatch.demo.site import DemoSite
from refwatch.sources.catalog import add_source, due_sources, list_sources
from refwatch.sources.ingest import IngestContext, feed_work
from refwatch.sources.pages import EXTRACT_TARGET
from refwatch.sources.timebox import TimeBox
from refwatch.sources.watch import (
    POST_INGEST_HOOKS,
    configured_hooks,
    register_post_ingest,
    run_cycle,
    run_hooks,
    watch,
)
from refwatch.store.models import FetchAttempt
from refwatch.store.models import Report as ReportRow

T0 = datetime(2024, 5, 3, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def timebox():
    box = TimeBox(EXTRACT_TARGET, timeout=60)
    yield box
    box.close()


@pytest.fixture
def ctx(loopback_settings, factory, timebox):
    with IngestContext(loopback_settings, factory, timebox=timebox) as context:
        yield context


def _titles(factory, state="new"):
    with factory() as session:
        return sorted(r.title for r in session.scalars(select(ReportRow).where(ReportRow.state == state)))


def test_watch_new_feed_items_appear_within_one_poll_interval(ctx, factory, site):
    source = add_source(factory, site.url("/feed.xml"), poll_interval=60)
    first = run_cycle(ctx, now=T0)
    assert [p.outcome for p in first.polls] == ["ok"]
    assert (first.ingest.counts["new"], first.ingest.counts["skipped"]) == (1, 1)

    early = run_cycle(ctx, now=T0 + timedelta(seconds=30))  # not due yet: nothing is asked
    assert early.polls == [] and site.requests["/feed.xml"] == 1

    unchanged = run_cycle(ctx, now=T0 + timedelta(seconds=60))
    assert [p.outcome for p in unchanged.polls] == ["not_modified"]

    site.extra_items.append(("Korean page", "/articles/ko-euckr-meta"))
    site.extra_items.append(("Same article again", "/articles/en"))
    later = run_cycle(ctx, now=T0 + timedelta(seconds=120))
    assert later.polls[0].entries == 4 and later.polls[0].fresh == 1  # known URLs are not fetched again
    assert later.ingest.counts["new"] == 1
    assert "탈북민 4명 中 투먼서 체포…강제북송 우려" in _titles(factory)
    assert site.requests["/articles/en"] == 1
    [info] = list_sources(factory)
    assert info.id == source.id and info.etag and info.last_outcome == "ok"
    assert info.next_poll_at == T0 + timedelta(seconds=180)


def test_watch_a_broken_feed_is_recorded_on_the_source_and_others_go_on(ctx, factory, site):
    add_source(factory, site.url("/malformed-feed.xml"))
    add_source(factory, site.url("/feed.xml"))
    summary = run_cycle(ctx, now=T0)
    assert sorted(p.outcome for p in summary.polls) == ["error", "ok"]
    assert summary.ingest.counts["new"] == 1
    broken = next(s for s in list_sources(factory) if s.url.endswith("malformed-feed.xml"))
    assert broken.last_outcome == "error" and "not a readable feed" in broken.last_error
    with factory() as session:
        attempt = session.scalars(select(FetchAttempt).where(FetchAttempt.error_code == "RW301")).one()
    assert attempt.url == site.url("/malformed-feed.xml") and attempt.raw_sha256 is not None


def test_watch_pages_that_failed_for_good_are_not_fetched_again(ctx, factory, site):
    site.extra_items.append(("Search page", "/articles/no-article"))
    add_source(factory, site.url("/feed.xml"), poll_interval=60)
    run_cycle(ctx, now=T0)
    site.extra_items.append(("One more", "/articles/ko-euckr-header"))
    run_cycle(ctx, now=T0 + timedelta(seconds=60))
    assert site.requests["/articles/no-article"] == 1


def test_watch_hooks_get_the_new_report_ids_and_a_failing_hook_stops_nothing(ctx, factory, site):
    received = []

    def broken(factory_, ids):
        raise RuntimeError("extractor crashed")

    def collect(factory_, ids):
        with factory_() as session:
            received.extend(session.get(ReportRow, i).state for i in ids)

    add_source(factory, site.url("/feed.xml"))
    summary = run_cycle(ctx, now=T0, hooks=[broken, collect])
    assert received == ["new"]  # the skipped report is not handed on
    assert len(summary.hook_problems) == 1 and "extractor crashed" in summary.hook_problems[0]


def test_watch_hooks_come_from_the_registry_and_the_setting(loopback_settings):
    from dataclasses import replace

    def mine(factory_, ids):
        return None

    register_post_ingest(mine)
    try:
        settings = replace(loopback_settings, post_ingest_hooks=("refwatch.sources.watch:run_hooks",))
        hooks = configured_hooks(settings)
        assert hooks[-2:] == [mine, run_hooks]  # registered ones first (other stages may register too)
        assert hooks.count(mine) == 1
    finally:
        POST_INGEST_HOOKS.remove(mine)


def test_watch_stops_between_items_when_asked(ctx, factory, site):
    site.extra_items.append(("Third item", "/articles/ko-euckr-header"))
    add_source(factory, site.url("/feed.xml"))
    done = []
    summary = run_cycle(ctx, now=T0, on_item=done.append, should_stop=lambda: len(done) >= 1)
    # The article went to the worker, the weather page finished first and the stop came: the
    # article in flight is still stored, the third item is never started.
    assert summary.ingest.total == 2 and site.requests["/articles/ko-euckr-header"] == 0
    with factory() as session:
        assert len(session.scalars(select(ReportRow)).all()) == 2


def test_watch_loop_runs_until_stopped(ctx, factory, site):
    add_source(factory, site.url("/feed.xml"))
    stop = threading.Event()
    lines = []

    def on_cycle(summary):
        lines.append(summary.line())
        stop.set()

    assert watch(ctx, stop=stop, on_cycle=on_cycle) == 1
    assert lines == ["1 sources polled (0 unchanged, 0 failed); 2 items: 1 new, 0 new versions, 0 already kept, "
                     "1 skipped by the gate, 0 errors"]


def test_watch_demo_site_feeds_end_to_end(ctx, factory):
    with DemoSite() as demo_site:
        for url in demo_site.feed_urls():
            add_source(factory, url)
        summary = run_cycle(ctx, now=T0)
    assert [p.outcome for p in summary.polls] == ["ok", "ok", "ok"]
    assert summary.ingest.counts["error"] == 0
    assert summary.ingest.total == 40  # 13 + 12 + 15 entries, each a distinct page
    assert summary.ingest.counts["skipped"] >= 8  # markets, weather, sport, budget ... are gated out
    assert "Vietnam detains 11 North Koreans near Chinese border" in _titles(factory)


def test_watch_an_entry_that_redirects_is_known_by_its_feed_url(ctx, factory, site):
    site.routes["/moved"] = lambda h: h.redirect("/articles/ko-euckr-meta", 301)
    site.extra_items.append(("Moved article", "/moved"))
    site.extra_items.append(("Same text as the first item", "/to-article"))
    add_source(factory, site.url("/feed.xml"), poll_interval=60)
    run_cycle(ctx, now=T0)
    site.extra_items.append(("Another", "/articles/ko-euckr-header"))
    run_cycle(ctx, now=T0 + timedelta(seconds=60))
    assert site.requests["/moved"] == 1 and site.requests["/to-article"] == 1  # a duplicate's URL is seen too
    with factory() as session:
        row = session.scalars(select(ReportRow).where(ReportRow.url == site.url("/moved"))).one()
    assert row.canonical_url == site.url("/articles/ko-euckr-meta")


def test_watch_a_source_whose_poll_breaks_is_marked_and_the_others_go_on(ctx, factory, site, monkeypatch):
    broken = add_source(factory, site.url("/malformed-feed.xml"))
    add_source(factory, site.url("/feed.xml"))
    real_feed_work = feed_work

    def feed_work_with_a_bug(fetched, context, *, source_id=None):
        if source_id == broken.id:
            raise KeyError("a bug in a feed parser")
        return real_feed_work(fetched, context, source_id=source_id)

    monkeypatch.setattr("refwatch.sources.watch.feed_work", feed_work_with_a_bug)
    summary = run_cycle(ctx, now=T0)
    assert sorted(p.outcome for p in summary.polls) == ["error", "ok"]
    assert summary.ingest.counts["new"] == 1  # the source after the broken one was still read
    failed = next(s for s in list_sources(factory) if s.id == broken.id)
    assert failed.last_outcome == "error" and failed.last_error.startswith(site.url("/malformed-feed.xml"))
    assert "KeyError" in failed.last_error
    assert failed.next_poll_at == T0 + timedelta(seconds=300)  # not due again at once, starving the rest


class NoWaiting(threading.Event):
    """A stop flag whose waits return at once: the loop's pauses are recorded, not slept."""

    def __init__(self):
        super().__init__()
        self.pauses = []

    def wait(self, timeout=None):
        self.pauses.append(timeout)
        return self.is_set()


def test_watch_loop_survives_a_failing_cycle_and_reports_it(ctx, factory, site, monkeypatch, caplog):
    add_source(factory, site.url("/feed.xml"))
    real_due_sources = due_sources
    calls = []

    def due_sources_once_broken(session_factory, now):
        calls.append(now)
        if len(calls) == 1:
            raise OperationalError("SELECT ...", {}, Exception("database is locked"))
        return real_due_sources(session_factory, now)

    monkeypatch.setattr("refwatch.sources.watch.due_sources", due_sources_once_broken)
    summaries = []
    stop = NoWaiting()
    with caplog.at_level("ERROR", logger="refwatch.sources.watch"):
        cycles = watch(ctx, stop=stop, on_cycle=summaries.append, max_cycles=2)
    assert cycles == 2 and len(stop.pauses) == 1
    [failure] = [r for r in caplog.records if r.exc_info]
    assert "watch cycle failed" in failure.getMessage() and "database is locked" in str(failure.exc_info[1])
    assert [s.ingest.counts["new"] for s in summaries] == [1]  # the second cycle did the work


def test_watch_cycle_failures_go_to_the_callback(ctx, monkeypatch):
    def broken(session_factory, now):
        raise OperationalError("SELECT ...", {}, Exception("database is locked"))

    monkeypatch.setattr("refwatch.sources.watch.due_sources", broken)
    errors = []
    assert watch(ctx, stop=NoWaiting(), on_error=errors.append, max_cycles=1) == 1
    assert [type(e).__name__ for e in errors] == ["OperationalError"]
