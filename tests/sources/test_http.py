import pytest

from refwatch.errors import (
    BlockedAddress,
    BodyTooLarge,
    HttpStatusError,
    RobotsDisallowed,
    TooManyRedirects,
    UnsupportedUrl,
)
from refwatch.settings import load_settings
from refwatch.sources.http import Fetcher
from tests.sources.loopback import MB


def test_http_fetches_a_page_from_the_loopback_server(site, loopback_settings):
    with Fetcher(loopback_settings) as fetcher:
        fetched = fetcher.fetch(site.url("/articles/en"))
    assert fetched.status == 200
    assert b"Kunming" in fetched.body
    assert fetched.header("content-type") == "text/html; charset=utf-8"
    assert fetched.final_url == site.url("/articles/en")


def test_http_refuses_loopback_unless_a_setting_allows_it(site, tmp_path):
    settings = load_settings(environ={}, data_dir=str(tmp_path), host_interval=0.0)
    with Fetcher(settings) as fetcher, pytest.raises(BlockedAddress, match="loopback") as raised:
        fetcher.fetch(site.url("/articles/en"))
    assert raised.value.where == site.url("/articles/en")
    assert site.requests["/articles/en"] == 0


def test_http_conditional_get_gets_304_for_an_unchanged_feed(site, loopback_settings):
    with Fetcher(loopback_settings) as fetcher:
        first = fetcher.fetch(site.url("/feed.xml"))
        again = fetcher.fetch(site.url("/feed.xml"), etag=first.header("etag"),
                              last_modified=first.header("last-modified"))
        site.extra_items.append(("Another item", "/articles/new"))
        changed = fetcher.fetch(site.url("/feed.xml"), etag=first.header("etag"))
    assert first.status == 200 and first.header("etag")
    assert (again.status, again.body) == (304, b"")
    assert changed.status == 200 and b"Another item" in changed.body


def test_http_streaming_body_over_the_cap_is_aborted_early(site, loopback_settings):
    with Fetcher(loopback_settings) as fetcher, pytest.raises(BodyTooLarge, match="aborted after"):
        fetcher.fetch(site.url("/huge"))
    # 50 MB were on offer; the fetch stopped soon after the 8 MB cap (socket buffers aside).
    assert site.sent["/huge"] < loopback_settings.max_body_bytes + 8 * MB


def test_http_declared_length_over_the_cap_is_refused_before_reading(site, loopback_settings):
    with Fetcher(loopback_settings) as fetcher, pytest.raises(BodyTooLarge, match="Content-Length 52428800"):
        fetcher.fetch(site.url("/huge-declared"))
    assert site.sent["/huge-declared"] < 8 * MB


def test_http_redirect_loop_is_named(site, loopback_settings):
    with Fetcher(loopback_settings) as fetcher, pytest.raises(TooManyRedirects, match="redirect loop") as raised:
        fetcher.fetch(site.url("/loop/a"))
    assert "/loop/b" in str(raised.value)
    assert site.requests["/loop/a"] == 1


def test_http_too_many_redirects(site, loopback_settings):
    with Fetcher(loopback_settings) as fetcher, pytest.raises(TooManyRedirects, match="more than 5 redirects"):
        fetcher.fetch(site.url("/hop/0"))


def test_http_follows_a_redirect_and_reports_the_final_url(site, loopback_settings):
    with Fetcher(loopback_settings) as fetcher:
        fetched = fetcher.fetch(site.url("/to-article"))
    assert fetched.url == site.url("/to-article")
    assert fetched.final_url == site.url("/articles/en")


def test_http_redirect_from_an_allowed_host_to_a_forbidden_address_is_refused(site, loopback_settings):
    with Fetcher(loopback_settings) as fetcher, pytest.raises(BlockedAddress, match=r"169\.254\.169\.254"):
        fetcher.fetch(site.url("/to-metadata"))


def test_http_a_changing_dns_answer_cannot_bypass_the_guard(site, tmp_path):
    """Rebinding: the fetcher connects to the address it checked, and checks every new lookup."""
    answers = iter([["127.0.0.1"], ["10.0.0.99"]])
    calls = []

    def rebinding(host, port):
        calls.append(host)
        return next(answers)

    settings = load_settings(environ={}, data_dir=str(tmp_path), allow_networks=("127.0.0.1/32",),
                             host_interval=0.0, respect_robots=False)
    port = site.server_address[1]
    with Fetcher(settings, resolver=rebinding) as fetcher:
        fetched = fetcher.fetch(f"http://rebind.test:{port}/articles/en")
        with pytest.raises(BlockedAddress, match=r"10\.0\.0\.99"):
            fetcher.fetch(f"http://rebind.test:{port}/articles/en")
    assert fetched.status == 200
    assert calls == ["rebind.test", "rebind.test"]  # one lookup per connection, never a second one behind it
    assert site.hosts == [f"rebind.test:{port}"]  # the name travelled in the Host header


def test_http_robots_txt_is_obeyed_and_fetched_once_per_host(site, loopback_settings):
    with Fetcher(loopback_settings) as fetcher:
        fetcher.fetch(site.url("/articles/en"))
        with pytest.raises(RobotsDisallowed):
            fetcher.fetch(site.url("/private/page"))
    assert site.requests["/private/page"] == 0
    assert site.requests["/robots.txt"] == 1


def test_http_waits_between_requests_to_the_same_host(site, loopback_settings):
    from dataclasses import replace
    now = [100.0]
    waits = []
    settings = replace(loopback_settings, host_interval=2.0, respect_robots=False)

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    with Fetcher(settings, clock=lambda: now[0], sleep=sleep) as fetcher:
        fetcher.fetch(site.url("/articles/en"))
        now[0] += 0.5
        fetcher.fetch(site.url("/articles/ordinary"))
    assert waits == [pytest.approx(1.5)]


def test_http_error_status_and_unsupported_urls_are_named(site, loopback_settings):
    with Fetcher(loopback_settings) as fetcher:
        with pytest.raises(HttpStatusError, match="HTTP 500"):
            fetcher.fetch(site.url("/status/500"))
        with pytest.raises(HttpStatusError, match="HTTP 404"):
            fetcher.fetch(site.url("/missing"))
        for url in ("file:///etc/passwd", "ftp://example.org/x", "not a url"):
            with pytest.raises(UnsupportedUrl):
                fetcher.fetch(url)


def test_http_robots_txt_that_fails_with_5xx_keeps_us_out_for_now(site, loopback_settings):
    site.routes["/robots.txt"] = lambda h: h.reply(b"down", status=503)
    with Fetcher(loopback_settings) as fetcher, pytest.raises(RobotsDisallowed, match="could not be read"):
        fetcher.fetch(site.url("/articles/en"))
    assert site.requests["/articles/en"] == 0


def test_http_missing_robots_txt_allows_everything(site, loopback_settings):
    del site.routes["/robots.txt"]
    with Fetcher(loopback_settings) as fetcher:
        assert fetcher.fetch(site.url("/private/page")).status == 200
