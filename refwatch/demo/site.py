"""The demo data as a small news site on loopback: feeds, their article pages, conditional GET.

The bundled feeds link to `https://example.org/...`; here those links are rewritten to the
site's own base URL, each report is served at its URL's path (the full page when one is
bundled, a plain article page otherwise) and unrelated feed items get a short page made
from their title and summary. `refwatch watch` pointed at `/feeds/...` then behaves as it
would against real outlets.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import feedparser

from refwatch.demo import DEMO_FEEDS, DEMO_PAGES, DEMO_REPORTS

DEMO_HOSTS = ("https://example.org", "https://example.kr")
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


@dataclass(frozen=True, slots=True)
class Resource:
    content_type: str
    body: bytes

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:20] + '"'


def _article_page(title: str, outlet: str | None, published: str | None, text: str) -> bytes:
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    meta = f'<meta property="og:site_name" content="{html.escape(outlet)}">' if outlet else ""
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>{meta}{date}"
            f"</head><body><nav><a href=\"/\">Home</a></nav><article><h1>{html.escape(title)}</h1>{paragraphs}"
            f"</article><footer>Demo site</footer></body></html>").encode()


def _rewrite(text: str, base_url: str) -> str:
    for host in DEMO_HOSTS:
        text = text.replace(host + "/", base_url + "/")
    return text


def build_site(base_url: str) -> dict[str, Resource]:
    """Path -> resource for every feed, report page and unrelated feed item of the demo data."""
    base_url = base_url.rstrip("/")
    routes: dict[str, Resource] = {}
    for line in DEMO_REPORTS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        path = urlsplit(record["url"]).path
        page = DEMO_PAGES / f"{record['id']}.html"
        body = page.read_bytes() if page.exists() else _article_page(
            record["title"], record.get("outlet"), record.get("published"), record["text"])
        routes[path] = Resource("text/html; charset=utf-8", body)
    for feed_path in sorted(DEMO_FEEDS.glob("*.xml")):
        raw = feed_path.read_text(encoding="utf-8")
        for entry in feedparser.parse(raw.encode("utf-8")).entries:
            path = urlsplit(entry.get("link", "")).path
            if path and path not in routes:
                text = entry.get("summary") or entry.get("title") or ""
                routes[path] = Resource("text/html; charset=utf-8",
                                        _article_page(entry.get("title", ""), None, None, text))
        routes[f"/feeds/{feed_path.name}"] = Resource("application/xml", _rewrite(raw, base_url).encode("utf-8"))
    routes["/robots.txt"] = Resource("text/plain", b"User-agent: *\nAllow: /\n")
    return routes


def _handler(routes: dict[str, Resource]) -> type[BaseHTTPRequestHandler]:
    class DemoHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            resource = routes.get(urlsplit(self.path).path)
            if resource is None:
                self.send_error(404)
                return
            if self.headers.get("If-None-Match") == resource.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", resource.content_type)
            self.send_header("Content-Length", str(len(resource.body)))
            self.send_header("ETag", resource.etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            self.wfile.write(resource.body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return DemoHandler


class DemoSite:
    """The demo site served by a thread on `host:port` (port 0 picks a free one)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.server = ThreadingHTTPServer((host, port), BaseHTTPRequestHandler)
        bound_host, bound_port = self.server.server_address[:2]
        self.base_url = f"http://{bound_host!s}:{bound_port}"
        self.routes = build_site(self.base_url)
        self.server.RequestHandlerClass = _handler(self.routes)
        self._thread = threading.Thread(target=self.server.serve_forever, name="demo-site", daemon=True)

    def feed_urls(self) -> list[str]:
        return [f"{self.base_url}{path}" for path in sorted(self.routes) if path.startswith("/feeds/")]

    def __enter__(self) -> DemoSite:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()
