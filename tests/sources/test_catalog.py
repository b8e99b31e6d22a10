from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

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


def test_catalog_source_urls_with_credentials_are_refused_and_not_kept(factory):
    with pytest.raises(UnsupportedUrl, match="user name or password") as raised:
        add_source(factory, "https://monitor:hunter2@intranet.example.org/feed.xml")
    assert "hunter2" not in str(raised.value)
    assert list_sources(factory) == []


def test_catalog_a_source_added_meanwhile_by_another_process_is_a_clear_error(factory):
    """Two `refwatch sources add` at once: the URL is unique, the loser is told so, not handed a traceback."""
    url = "https://example.org/feed.xml"
    raced = []

    def other_process_adds_it(session, _flush_context, _instances):
        if not raced:  # once, just before our INSERT is sent (and after any check could have run)
            raced.append(url)
            add_source(factory, url)

    event.listen(factory, "before_flush", other_process_adds_it)
    try:
        with pytest.raises(InputError, match=r"already a source \(id 1\)"):
            add_source(factory, url)
    finally:
        event.remove(factory, "before_flush", other_process_adds_it)
    assert [s.url for s in list_sources(factory)] == [url]


def test_catalog_values_longer_than_their_columns_are_refused_or_dropped(factory):
    with pytest.raises(InputError, match="at most 200 characters"):
        add_source(factory, "https://example.org/a.xml", name="x" * 201)
    with pytest.raises(InputError, match="at most 8 characters"):
        add_source(factory, "https://example.org/a.xml", language="korean-language")
    source = add_source(factory, "https://example.org/a.xml")
    mark_polled(factory, source.id, now=T0, outcome="ok", etag='"' + "e" * 500 + '"', last_modified="x" * 150)
    [stored] = list_sources(factory)  # a validator that does not fit is not kept (PostgreSQL would refuse it)
    assert (stored.etag, stored.last_modified, stored.last_outcome) == (None, None, "ok")
    assert stored.next_poll_at == T0 + timedelta(seconds=300)
