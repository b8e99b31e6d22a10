"""Atom and JSON Feed of published incident updates (`?lang=ko`, `?country=CN`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from refwatch.respond import feeds
from refwatch.web.respond._common import factory, settings_of

router = APIRouter(include_in_schema=False)


def _country(request: Request) -> str | None:
    value = request.query_params.get("country", "").strip().upper()
    return value if len(value) == 2 and value.isalpha() else None


@router.get("/alerts.atom")
def atom(request: Request) -> Response:
    country = _country(request)
    with factory(request)() as db:
        body = feeds.atom(feeds.published_updates(db, country=country), settings=settings_of(request),
                          lang=request.state.lang, country=country)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/alerts.json")
def json_feed(request: Request) -> Response:
    country = _country(request)
    with factory(request)() as db:
        body = feeds.json_feed(feeds.published_updates(db, country=country), settings=settings_of(request),
                               lang=request.state.lang, country=country)
    return Response(body, media_type="application/feed+json; charset=utf-8")
