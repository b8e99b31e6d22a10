"""One safe, polite, bounded way to fetch a URL.

Safe: every hop's host is resolved and checked by the SSRF guard, and the request goes to
the checked address (Host header and TLS SNI keep the name), so a DNS answer that changes
between check and connect cannot redirect it. Polite: robots.txt is obeyed and cached per
host, and one host is never asked twice within `host_interval` seconds. Bounded: timeouts, an
overall deadline, a body cap that aborts mid-stream (and honours Content-Length up front)
and that counts decoded bytes (compressed bodies are undone step by step, `compression.py`),
and a redirect limit with loop detection. Conditional GET headers make unchanged feeds cheap.
URLs carrying a user name or password are refused: httpx would send them as Basic auth, and
the URL would be kept in the archive and in error messages.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from refwatch.errors import (
    BodyTooLarge,
    ConnectFailed,
    FetchError,
    FetchTimeout,
    HttpStatusError,
    RobotsDisallowed,
    RobotsUnavailable,
    TooManyRedirects,
    UnsupportedUrl,
)
from refwatch.settings import Settings
from refwatch.sources.compression import ACCEPT_ENCODING, ContentDecoder
from refwatch.sources.guard import AddressGuard, IPAddress, Resolver, parse_networks, system_resolver
from refwatch.types import Fetched

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CONTENT_STATUSES = frozenset({200, 203})  # a full representation of the page; 304 means "unchanged"
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
ROBOTS_TTL_S = 24 * 3600
ROBOTS_RETRY_S = 600
ALLOW_ALL: list[str] = []
DISALLOW_ALL = ["User-agent: *", "Disallow: /"]  # an unreachable robots.txt is asked for again after ten minutes


@dataclass(frozen=True, slots=True)
class _Hop:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    location: str | None


@dataclass(slots=True)
class _Robots:
    parser: RobotFileParser
    expires_at: float
    readable: bool = True  # False: robots.txt could not be read, so nothing is fetched until it expires


def without_userinfo(raw: str) -> str:
    """`raw` with any `user:password@` taken out, for messages and records."""
    try:
        parts = urlsplit(raw)
    except ValueError:
        return raw.rpartition("@")[2] if "@" in raw else raw
    if "@" not in parts.netloc:
        return raw
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _checked_url(raw: str | httpx.URL) -> httpx.URL:
    shown = without_userinfo(str(raw))
    try:
        url = httpx.URL(raw) if isinstance(raw, str) else raw
    except (httpx.InvalidURL, TypeError, ValueError) as e:
        raise UnsupportedUrl(f"not a URL: {e}", where=shown) from e
    if url.scheme not in ("http", "https") or not url.host:
        raise UnsupportedUrl("only http and https URLs with a host can be fetched", where=shown)
    if url.userinfo:
        raise UnsupportedUrl("URLs with a user name or password are not fetched (they would be sent to the "
                             "site and kept in the archive)", where=shown)
    return url


class Fetcher:
    """Fetches URLs under the guard; keep one per process so host intervals and robots are shared."""

    def __init__(
        self,
        settings: Settings,
        *,
        resolver: Resolver = system_resolver,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.guard = AddressGuard(parse_networks(settings.allow_networks), resolver)
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        # No proxies from the environment (they would connect somewhere unchecked), no
        # keep-alive (a pooled TLS connection must not carry another host's request).
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.fetch_timeout),
            follow_redirects=False,
            trust_env=False,
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url` (200 or 304), following redirects by hand; any other outcome is a FetchError."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        fetched = self._follow(url, headers, check_robots=True, max_bytes=self.settings.max_body_bytes)
        if fetched.status not in CONTENT_STATUSES and fetched.status != 304:
            problem = " without a Location" if fetched.status in REDIRECT_STATUSES else ""
            raise HttpStatusError(f"HTTP {fetched.status}{problem}", where=url)
        return fetched

    def _follow(self, url: str, headers: dict[str, str], *, check_robots: bool, max_bytes: int,
                truncate: bool = False) -> Fetched:
        current = _checked_url(url)
        chain = [str(current)]
        for _ in range(self.settings.max_redirects + 1):
            address = self._checked_address(current)
            if check_robots:
                self._check_robots(current)
            hop = self._request_once(current, address, headers, max_bytes=max_bytes, truncate=truncate)
            if hop.status in REDIRECT_STATUSES and hop.location:
                current = _checked_url(current.join(hop.location))
                if str(current) in chain:
                    loop = " -> ".join([*chain[chain.index(str(current)):], str(current)])
                    raise TooManyRedirects(f"redirect loop: {loop}", where=url)
                chain.append(str(current))
                headers = {}
                continue
            return Fetched(url=url, final_url=str(current), status=hop.status, headers=hop.headers,
                           body=hop.body, fetched_at=datetime.now(UTC))
        raise TooManyRedirects(f"more than {self.settings.max_redirects} redirects", where=url)

    def _wait_turn(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = self.settings.host_interval - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _checked_address(self, url: httpx.URL) -> IPAddress:
        port = url.port or (443 if url.scheme == "https" else 80)
        return self.guard.resolve(url.raw_host.decode("ascii"), port, where=str(url))

    def _request_once(self, url: httpx.URL, address: IPAddress, headers: dict[str, str], *, max_bytes: int,
                      truncate: bool) -> _Hop:
        """One GET sent to the checked `address`, with the URL's name in Host and SNI."""
        host = url.raw_host.decode("ascii")
        self._wait_turn(host)
        target = url.copy_with(host=str(address))
        send_headers = {"User-Agent": self.settings.user_agent, "Host": url.netloc.decode("ascii"),
                        "Accept-Encoding": ACCEPT_ENCODING, **headers}
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        deadline = self._clock() + self.settings.fetch_timeout
        try:
            with self._client.stream("GET", target, headers=send_headers, extensions=extensions) as response:
                hop = self._read(response, url, max_bytes=max_bytes, truncate=truncate, deadline=deadline)
        except httpx.TimeoutException as e:
            raise FetchTimeout(f"no answer within {self.settings.fetch_timeout:g} s ({type(e).__name__})",
                               where=str(url)) from e
        except httpx.ConnectError as e:
            raise ConnectFailed(f"cannot connect to {url.host} ({address}): {e}", where=str(url)) from e
        except httpx.HTTPError as e:
            raise FetchError(f"{type(e).__name__}: {e}", where=str(url)) from e
        finally:
            self._client.cookies.clear()
        return hop

    def _read(self, response: httpx.Response, url: httpx.URL, *, max_bytes: int, truncate: bool,
              deadline: float) -> _Hop:
        headers = tuple((k, v) for k, v in response.headers.multi_items())
        if response.status_code in REDIRECT_STATUSES or response.status_code == 304:
            return _Hop(response.status_code, headers, b"", response.headers.get("location"))
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes and not truncate:
            raise BodyTooLarge(f"Content-Length {declared} exceeds the {max_bytes}-byte limit", where=str(url))
        decoder = ContentDecoder(response.headers.get("content-encoding"), limit=max_bytes, where=str(url))
        body = bytearray()
        for piece in decoder.stream(self._in_time(response.iter_raw(), deadline, url)):
            room = max_bytes - len(body)
            if len(piece) > room:
                if truncate:
                    body += piece[:room]
                    break
                raise BodyTooLarge(f"body exceeds the {max_bytes}-byte limit; aborted after "
                                   f"{len(body) + len(piece)} bytes", where=str(url))
            body += piece
        return _Hop(response.status_code, headers, bytes(body), None)

    def _in_time(self, chunks: Iterable[bytes], deadline: float, url: httpx.URL) -> Iterator[bytes]:
        """The raw chunks of a body, as long as the whole body keeps within the fetch timeout."""
        for chunk in chunks:
            if self._clock() > deadline:
                raise FetchTimeout(f"body not complete within {self.settings.fetch_timeout:g} s", where=str(url))
            yield chunk

    def _check_robots(self, url: httpx.URL) -> None:
        """Raise unless robots.txt lets us fetch `url` (an unreadable one keeps us out for a while)."""
        if not self.settings.respect_robots:
            return
        key = f"{url.scheme}://{url.netloc.decode('ascii')}"
        entry = self._robots.get(key)
        if entry is None or self._clock() > entry.expires_at:
            entry = self._load_robots(key)
            self._robots[key] = entry
        if not entry.readable:
            raise RobotsUnavailable(f"robots.txt of {url.host} could not be read; asked again in "
                                    f"{ROBOTS_RETRY_S // 60} minutes", where=str(url))
        if not entry.parser.can_fetch(self.settings.user_agent, str(url)):
            raise RobotsDisallowed(f"robots.txt of {url.host} disallows this URL", where=str(url))

    def _load_robots(self, origin: str) -> _Robots:
        """RFC 9309: 4xx (or a redirect maze) means no rules; 5xx or unreachable means stay out for a while."""
        parser = RobotFileParser(f"{origin}/robots.txt")
        try:
            fetched = self._follow(f"{origin}/robots.txt", {}, check_robots=False,
                                   max_bytes=ROBOTS_MAX_BYTES, truncate=True)
        except TooManyRedirects:
            parser.parse(ALLOW_ALL)
            return _Robots(parser, self._clock() + ROBOTS_TTL_S)
        except FetchError:  # unreachable, refused by the guard, broken: not a "no"
            fetched = None
        if fetched is None or fetched.status >= 500:
            parser.parse(DISALLOW_ALL)
            return _Robots(parser, self._clock() + ROBOTS_RETRY_S, readable=False)
        if fetched.status >= 400:
            parser.parse(ALLOW_ALL)
        else:
            parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return _Robots(parser, self._clock() + ROBOTS_TTL_S)
