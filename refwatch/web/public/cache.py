"""A small per-process cache whose entries are only used while their validator still matches.

Each page asks the database for a cheap validator first (an incident's `updated_at`, the count
and newest change of published incidents); only when it differs is the expensive part rebuilt.
Every process keeps its own copy, so several workers never serve something the database no
longer says, and a bounded size keeps memory flat with 10,000 incidents.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from refwatch.store.models import Incident

PAGE_CACHE_SIZE = 4096

Value = TypeVar("Value")


class ValidatedCache(Generic[Value]):
    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[Hashable, Value]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, validator: Hashable, build: Callable[[], Value]) -> Value:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == validator:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry[1]
        value = build()
        with self._lock:
            self.misses += 1
            self._entries[key] = (validator, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def conditional(request: Request, response: Response, *, volatile: tuple[str, ...] = ()) -> Response:
    """Add a strong ETag over the exact bytes; answer 304 when the client already has them.

    `volatile` are strings of the page left out of the tag because an older copy of them serves
    as well as a new one (the response form's "shown at" stamp, which changes every second):
    with them in, no visitor would ever get a 304.
    """
    body = bytes(response.body)
    for text in volatile:
        body = body.replace(text.encode(), b"")
    tag = etag_for(body)
    offered = {part.strip().removeprefix("W/") for part in (request.headers.get("if-none-match") or "").split(",")}
    if tag in offered:
        headers = {name: value for name, value in response.headers.items()
                   if name.lower() in ("vary", "cache-control", "content-language")}
        headers["etag"] = tag
        return Response(status_code=304, headers=headers)
    response.headers["etag"] = tag
    return response


def incidents_version(db: Session) -> tuple[Any, Any]:
    """Changes whenever any incident is created or changed: two index look-ups, no scan.

    Every path that changes an incident moves its `updated_at` (the linker's refresh, a
    person's decision, publishing), and incidents are never deleted, so the newest id and
    the newest `updated_at` together say whether a list could look different.
    """
    newest_id = select(func.max(Incident.id)).scalar_subquery()
    newest_change = select(func.max(Incident.updated_at)).scalar_subquery()
    row = db.execute(select(newest_id, newest_change)).one()
    return row[0], row[1]


def page_cache(request: Request) -> ValidatedCache[bytes]:
    cache: ValidatedCache[bytes] | None = getattr(request.app.state, "public_pages", None)
    if cache is None:
        cache = request.app.state.public_pages = ValidatedCache(size=PAGE_CACHE_SIZE)
    return cache


def cached_page(request: Request, validator: Hashable, render: Callable[[], HTMLResponse],
                *, parts: Mapping[str, Callable[[], str]] | None = None) -> HTMLResponse:
    """The page as anonymous visitors see it, rendered once per change of `validator`.

    Signed-in people always get a fresh rendering (their pages carry their name and forms).
    `parts` are the few pieces that differ per request (a form's CSRF token): the cached page
    holds a marker for each, replaced on the way out.
    """
    live = {marker: make() for marker, make in (parts or {}).items()}
    if getattr(request.state, "account", None) is not None:
        return _filled(bytes(render().body), live)
    key = (request.url.path, request.url.query, getattr(request.state, "lang", ""))
    body = page_cache(request).get(key, validator, lambda: bytes(render().body))
    return _filled(body, live)


def _filled(body: bytes, live: Mapping[str, str]) -> HTMLResponse:
    html = bytes(body).decode()
    for marker, fragment in live.items():
        html = html.replace(marker, fragment, 1)
    return HTMLResponse(html)
