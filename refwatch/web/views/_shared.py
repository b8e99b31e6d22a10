"""What every view needs: the app's store, pages and cipher, the parsed form, paging."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from sqlalchemy import Select
from sqlalchemy.orm import Session, sessionmaker
from starlette.responses import RedirectResponse

from refwatch.errors import BadRequest
from refwatch.store.secrets import FieldCipher
from refwatch.web.middleware.csrf import FormFields
from refwatch.web.templating import Pages

ISO_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def factory(request: Request) -> sessionmaker[Session]:
    value: sessionmaker[Session] = request.app.state.factory
    return value


def pages(request: Request) -> Pages:
    value: Pages = request.app.state.pages
    return value


def cipher(request: Request) -> FieldCipher:
    value: FieldCipher = request.app.state.cipher
    return value


def form(request: Request) -> FormFields:
    """The url-encoded form the CSRF middleware already parsed and checked."""
    value: FormFields = getattr(request.state, "form", None) or FormFields([])
    return value


def see_other(path: str) -> RedirectResponse:
    """Answer a form with a redirect (POST → GET), so reloading never resends it."""
    return RedirectResponse(path, status_code=303)


def safe_next(path: str | None, default: str) -> str:
    """Only same-site paths are followed after login, never `//host` or `/\\host`."""
    if path and path.startswith("/") and not path.startswith(("//", "/\\")):
        return path
    return default


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Keyset paging, newest first: items with id below `before`, at most `limit` of them."""

    before: int | None
    limit: int


def page_request(before: int | None, limit: int | None, *, default: int) -> PageRequest:
    ceiling = default * 4
    size = default if limit is None else limit
    if size < 1 or size > ceiling:
        raise BadRequest(f"limit must be between 1 and {ceiling}")
    if before is not None and before < 1:
        raise BadRequest("before must be a positive id")
    return PageRequest(before, size)


def keyset_page(db: Session, query: Select[Any], id_column: Any, paging: PageRequest) -> tuple[list[Any], int | None]:
    """One page of `query`, newest id first, and the id the next page starts below (None on the last).

    One more row than asked is read to know whether a next page exists; no OFFSET, so a page
    deep into 100,000 rows costs what the first does.
    """
    if paging.before is not None:
        query = query.where(id_column < paging.before)
    rows = list(db.scalars(query.order_by(id_column.desc()).limit(paging.limit + 1)))
    more = len(rows) > paging.limit
    rows = rows[: paging.limit]
    return rows, (rows[-1].id if more else None)


def next_link(path: str, params: Mapping[str, object], last_id: int | None) -> str | None:
    if last_id is None:
        return None
    query = {key: value for key, value in params.items() if value not in (None, "")}
    query["before"] = last_id
    return f"{path}?{urlencode(query)}"


def check_day(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not ISO_DAY.match(value):
        raise BadRequest(f"{name} must look like YYYY, YYYY-MM or YYYY-MM-DD")
    return value
