from datetime import UTC, datetime, timedelta

import pytest

from refwatch.errors import InputError, UnsupportedUrl
from refwatch.sources.catalog import add_source, due_sources, list_sources, mark_polled, next_due_at, remove_source

T0 = datetime(2024, 5, 3, 12, 0, tzinfo=UTC)


def test_catalog_new_sources_are_due_at_once_and_then_after_their_interval(factory):
    feed = add_source(factory, "https://example.org/feed.xml", poll_interval=600)
    page = add_source(factory, "https://example.org/urgent", kind="page", poll_interval=60)
    assert [s.id for s in due_sources(factory, T0)] == [feed.id, page.id]
    mark_polled(factory, feed.id, now=T0, outcome="ok", etag='"v1"', last_modified="Fri, 03 May 2024 10:00:00 GMT")
    mark_polled(factory, page.id, now=T0, outcome="not_modified")
    assert due_sources(factory, T0 + timedelta(seconds=59)) == []
    assert [s.id for s in due_sources(factory, T0 + timedelta(seconds=60))] == [page.id]
    assert next_due_at(factory) == T0 + timedelta(seconds=60)
    [stored_feed, _page] = list_sources(factory)
    assert (stored_feed.etag, stored_feed.last_outcome) == ('"v1"', "ok")
    assert stored_feed.next_poll_at == T0 + timedelta(seconds=600)


def test_catalog_refuses_bad_sources_with_a_reason(factory):
    add_source(factory, "https://example.org/feed.xml")
    with pytest.raises(InputError, match=r"already a source \(id 1\)"):
        add_source(factory, "https://example.org/feed.xml")
    with pytest.raises(UnsupportedUrl):
        add_source(factory, "ftp://example.org/feed.xml")
    with pytest.raises(InputError, match="unknown source kind"):
        add_source(factory, "https://example.org/x", kind="podcast")


def test_catalog_remove_by_id_or_url(factory):
    first = add_source(factory, "https://example.org/a.xml")
    add_source(factory, "https://example.org/b.xml")
    assert remove_source(factory, str(first.id)).url == "https://example.org/a.xml"
    assert remove_source(factory, "https://example.org/b.xml").url == "https://example.org/b.xml"
    assert list_sources(factory) == []
    with pytest.raises(InputError, match="no such source"):
        remove_source(factory, "https://example.org/a.xml")
