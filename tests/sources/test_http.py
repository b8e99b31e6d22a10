import gzip
import tracemalloc
import zlib
from dataclasses import replace

import pytest

from refwatch.errors import (
    BlockedAddress,
    BodyTooLarge,
    FetchError,
    HttpStatusError,
    RobotsDisallowed,
    RobotsUnavailable,
    TooManyRedirects,
    UnsupportedUrl,
)
from refwatch.settings import load_settings
from refwatch.sources.http import ROBOTS_RETRY_S, Fetcher
from refwatch.sources.watch import PERMANENT_ERROR_CODES
from tests.sources.loopback import HTTP_FIXTURES, MB, static


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


def _gzip_zeros(size: int) -> bytes:
    """gzip of `size` zero bytes, made a megabyte at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(MB)
    return b"".join([packer.compress(block) for _ in range(size // MB)] + [packer.flush()])


@pytest.mark.parametrize(("encoding", "layers"), [("gzip", 1), ("gzip, gzip", 2)])
def test_http_compressed_bomb_is_refused_without_being_expanded_in_memory(site, loopback_settings, encoding, layers):
    body = _gzip_zeros(256 * MB)
    if layers == 2:
        body = gzip.compress(body, 9)  # 590 bytes on the wire
    site.routes["/bomb"] = lambda h: h.reply(body, headers={"Content-Encoding": encoding})
    settings = replace(loopback_settings, max_body_bytes=MB)
    tracemalloc.start()
    try:
        with Fetcher(settings) as fetcher, pytest.raises(BodyTooLarge, match="1048576-byte limit"):
            fetcher.fetch(site.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * MB  # a 256 MB expansion was on offer; never more than the cap and a few steps


@pytest.mark.parametrize("encoding", ["gzip", "x-gzip", "deflate", "raw deflate", "gzip, deflate"])
def test_http_compressed_pages_are_decoded(site, loopback_settings, encoding):
    page = (HTTP_FIXTURES / "article-en.html").read_bytes()
    encoders = {"gzip": gzip.compress, "x-gzip": gzip.compress, "deflate": zlib.compress,
                "raw deflate": lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS),
                "gzip, deflate": lambda data: zlib.compress(gzip.compress(data))}
    header = "deflate" if encoding == "raw deflate" else encoding
    site.routes["/packed"] = lambda h: h.reply(encoders[encoding](page), headers={"Content-Encoding": header})
    with Fetcher(loopback_settings) as fetcher:
        fetched = fetcher.fetch(site.url("/packed"))
    assert fetched.body == page
    assert site.accept_encodings[-1] == "gzip, deflate"  # never an encoding we cannot decode within the cap


def test_http_unknown_or_broken_content_encodings_are_named(site, loopback_settings):
    site.routes["/br"] = lambda h: h.reply(b"\x0b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
    site.routes["/bad-gzip"] = lambda h: h.reply(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with Fetcher(loopback_settings) as fetcher:
        with pytest.raises(FetchError, match="Content-Encoding 'br' is not supported") as raised:
            fetcher.fetch(site.url("/br"))
        assert raised.value.where == site.url("/br")
        with pytest.raises(FetchError, match="not valid gzip data"):
            fetcher.fetch(site.url("/bad-gzip"))


def test_http_robots_txt_read_through_a_bomb_is_cut_not_expanded(site, loopback_settings):
    rules = b"User-agent: *\nDisallow: /private/\n"
    site.routes["/robots.txt"] = lambda h: h.reply(gzip.compress(rules + b"#" * (64 * MB)), "text/plain",
                                                   headers={"Content-Encoding": "gzip"})
    with Fetcher(loopback_settings) as fetcher:
        assert fetcher.fetch(site.url("/articles/en")).status == 200
        with pytest.raises(RobotsDisallowed):
            fetcher.fetch(site.url("/private/page"))


def test_http_credentials_in_a_url_are_never_sent_or_repeated(site, loopback_settings):
    with_password = site.base_url.replace("http://", "http://monitor:hunter2@") + "/articles/en"
    site.routes["/to-credentials"] = lambda h: h.redirect(with_password)
    with Fetcher(loopback_settings) as fetcher:
        for url in (with_password, site.url("/to-credentials")):
            with pytest.raises(UnsupportedUrl, match="user name or password") as raised:
                fetcher.fetch(url)
            assert "hunter2" not in str(raised.value)
    assert site.requests["/articles/en"] == 0
    assert site.authorizations == []


@pytest.mark.parametrize("status", [204, 206, 302])
def test_http_statuses_without_a_page_are_errors(site, loopback_settings, status):
    site.routes["/odd"] = lambda h: h.reply(b"", status=status)  # a 302 here has no Location
    with Fetcher(loopback_settings) as fetcher, pytest.raises(HttpStatusError, match=f"HTTP {status}"):
        fetcher.fetch(site.url("/odd"))


def test_http_unreadable_robots_txt_is_not_a_refusal_and_is_asked_again(site, loopback_settings):
    now = [0.0]
    site.routes["/robots.txt"] = lambda h: h.reply(b"down", status=503)
    with Fetcher(loopback_settings, clock=lambda: now[0]) as fetcher:
        with pytest.raises(RobotsUnavailable, match="could not be read") as raised:
            fetcher.fetch(site.url("/articles/en"))
        assert raised.value.code == "RW209" and raised.value.code not in PERMANENT_ERROR_CODES
        site.routes["/robots.txt"] = static(b"User-agent: *\nAllow: /\n", "text/plain")
        now[0] += ROBOTS_RETRY_S + 1
        assert fetcher.fetch(site.url("/articles/en")).status == 200
    assert site.requests["/robots.txt"] == 2
