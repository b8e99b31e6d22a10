"""A real HTTP server on 127.0.0.1, in a thread, serving the feeds and pages the fetch tests need.

Routes are plain functions of the request handler, so a test can add or change one (a feed
that gains an item, a redirect to a forbidden address) while the server runs. The server
counts requests and body bytes written per path so tests can prove what did (not) happen.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections import Counter
from collections.abc import Callable
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HTTP_FIXTURES = Path(__file__).parent.parent / "fixtures" / "http"
MB = 1024 * 1024
Route = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    server: LoopbackServer

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        self.server.requests[path] += 1
        self.server.hosts.append(self.headers.get("Host", ""))
        self.server.accept_encodings.append(self.headers.get("Accept-Encoding", ""))
        if self.headers.get("Authorization"):
            self.server.authorizations.append(self.headers["Authorization"])
        route = self.server.routes.get(path)
        if route is None:
            self.send_error(404)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as size tests want
            route(self)

    def reply(self, body: bytes, content_type: str = "text/html; charset=utf-8", *, status: int = 200,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.write_counted(body)

    def write_counted(self, body: bytes) -> None:
        self.wfile.write(body)
        self.server.sent[urlsplit(self.path).path] += len(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.requests: Counter[str] = Counter()
        self.sent: Counter[str] = Counter()
        self.hosts: list[str] = []
        self.accept_encodings: list[str] = []
        self.authorizations: list[str] = []  # credentials a request carried: there should be none
        self.extra_items: list[tuple[str, str]] = []  # (title, path) items a test adds to /feed.xml
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join()


def static(body: bytes, content_type: str = "text/html; charset=utf-8") -> Route:
    return lambda handler: handler.reply(body, content_type)


def conditional(get_body: Callable[[], bytes], content_type: str) -> Route:
    """A resource with ETag and Last-Modified that answers 304 when the client already has it."""
    def route(handler: Handler) -> None:
        body = get_body()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        last_modified = formatdate(1_714_600_000, usegmt=True)
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        handler.reply(body, content_type, headers={"ETag": etag, "Last-Modified": last_modified})
    return route


def endless(total: int, *, declare_length: bool) -> Route:
    """`total` bytes made on the fly (never held in memory), optionally announced by Content-Length."""
    def route(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        if declare_length:
            handler.send_header("Content-Length", str(total))
        handler.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        for _ in range(total // len(chunk)):
            handler.write_counted(chunk)
    return route


def feed_body(base_url: str, extra_items: list[tuple[str, str]]) -> bytes:
    """The fixture RSS feed with links on this server, plus (title, path) items added by a test."""
    extra = "".join(
        f"\n    <item><title>{title}</title><link>{base_url}{path}</link><guid>{path}</guid>"
        f"<pubDate>Fri, 03 May 2024 10:00:00 +0900</pubDate></item>"
        for title, path in extra_items
    )
    template = (HTTP_FIXTURES / "feed.rss.xml").read_text(encoding="utf-8")
    return template.replace("{base}", base_url).replace("{extra}", extra).encode("utf-8")


def korean_page(charset: str, *, declare: str | None = None) -> bytes:
    """The Korean fixture page encoded in `charset`; its <meta> names `declare` (or nothing)."""
    text = (HTTP_FIXTURES / "article-ko.html").read_text(encoding="utf-8")
    meta = f"<meta charset=\"{declare}\">" if declare else ""
    return text.replace('<meta charset="{charset}">', meta).encode(charset)


def standard_site(server: LoopbackServer) -> LoopbackServer:
    """The routes most tests use: pages, feeds, Korean encodings, the bad cases."""
    def read(name):
        return ((HTTP_FIXTURES / name).read_bytes())
    extra_items = server.extra_items
    routes: dict[str, Route] = {
        "/robots.txt": static(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        "/articles/en": static(read("article-en.html")),
        "/articles/ordinary": static(read("ordinary-news.html")),
        "/articles/no-article": static(read("no-article.html")),
        "/articles/ko-euckr-header": static(korean_page("euc-kr"), "text/html; charset=euc-kr"),
        "/articles/ko-euckr-meta": static(korean_page("euc-kr", declare="euc-kr"), "text/html"),
        "/articles/ko-cp949-undeclared": static(korean_page("cp949"), "text/html"),
        "/articles/binary": static(bytes(range(256)) * 64, "text/html"),
        "/private/page": static(read("article-en.html")),
        "/feed.xml": conditional(lambda: feed_body(server.base_url, extra_items), "application/rss+xml"),
        "/malformed-feed.xml": static(read("malformed-feed.xml"), "application/rss+xml"),
        "/huge": endless(50 * MB, declare_length=False),
        "/huge-declared": endless(50 * MB, declare_length=True),
        "/loop/a": lambda h: h.redirect("/loop/b"),
        "/loop/b": lambda h: h.redirect("/loop/a"),
        "/to-metadata": lambda h: h.redirect("http://169.254.169.254/latest/meta-data/"),
        "/to-article": lambda h: h.redirect("/articles/en", 301),
        "/status/500": lambda h: h.reply(b"oops", status=500),
    }
    for hop in range(10):
        routes[f"/hop/{hop}"] = (lambda n: lambda h: h.redirect(f"/hop/{n + 1}"))(hop)
    server.routes.update(routes)
    return server
