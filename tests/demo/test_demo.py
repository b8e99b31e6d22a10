"""The demo end to end: files first, the rest through the monitor from the demo news site."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from sqlalchemy import func, select

from refwatch.demo import feed_item_paths, run_demo
from refwatch.demo.publish import DEMO_ACTOR, publish_demo_incidents
from refwatch.demo.site import DemoSite
from refwatch.settings import load_settings
from refwatch.sources.catalog import add_source
from refwatch.sources.ingest import IngestContext
from refwatch.sources.watch import configured_hooks, run_cycle
from refwatch.store.models import AuditEntry, Incident
from refwatch.store.models import Report as ReportRow


def _settings(tmp_path):
    return replace(load_settings(), data_dir=str(tmp_path / "data"), allow_networks=("127.0.0.1/32",),
                   host_interval=0.0)


def _count(factory, *conditions):
    with factory() as session:
        return int(session.scalar(select(func.count(ReportRow.id)).where(*conditions)) or 0)


def test_demo_monitor_fetches_the_held_back_reports_and_links_them(tmp_path, factory):
    settings = _settings(tmp_path)
    result = run_demo(settings, factory, hold_back_feed_items=True)
    assert result.hook_problems == []
    linked_before = _count(factory, ReportRow.state == "linked")
    assert linked_before > 0
    announced = feed_item_paths()
    with factory() as session:
        urls = [url for (url,) in session.execute(select(ReportRow.url)) if url]
    assert announced and not {urlsplit(url).path for url in urls} & announced  # left for the monitor

    with DemoSite() as site:
        for url in site.feed_urls():
            add_source(factory, url)
        with IngestContext(settings, factory) as ctx:
            cycle = run_cycle(ctx, hooks=configured_hooks(settings))
    assert cycle.hook_problems == []
    assert _count(factory, ReportRow.url.startswith(site.base_url), ReportRow.state == "linked") > 10
    assert _count(factory, ReportRow.state == "linked") > linked_before


def test_demo_publishes_once_and_says_so_in_the_audit_log(tmp_path, factory):
    run_demo(_settings(tmp_path), factory)
    first = publish_demo_incidents(factory)
    assert first > 0
    assert publish_demo_incidents(factory) == 0
    with factory() as session:
        published = list(session.scalars(select(Incident).where(Incident.published.is_(True))))
        entries = session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.actor == DEMO_ACTOR, AuditEntry.action == "incident.publish"))
    assert len(published) == first == entries
    assert all(incident.report_count >= 2 and incident.summary_en and incident.summary_ko for incident in published)
