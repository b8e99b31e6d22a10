"""The incident filters shared by the public list, the search page, the API and the exports.

Checked once here, turned into one WHERE clause, and written back into links (`params`), so a
filtered page, its next page, its API twin and its CSV export always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, true
from sqlalchemy.orm import Session

from refwatch.errors import BadRequest
from refwatch.store.models import Incident
from refwatch.store.search import Query, incident_condition, parse_query
from refwatch.types import EVENT_TYPES
from refwatch.web.public.names import EVERY_INCIDENT_WORDS, country_spellings, place_spellings, status_spellings
from refwatch.web.views._shared import check_day

STATUSES: tuple[str, ...] = (*EVENT_TYPES, "unknown")
PUBLISHED_CHOICES: tuple[str, ...] = ("true", "false", "all")
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True, slots=True)
class IncidentFilters:
    country: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    children: bool = False
    q: str | None = None
    published: str = "true"

    @property
    def query(self) -> Query:
        return parse_query(self.q, places=place_spellings(), countries=country_spellings(),
                           statuses=status_spellings(), everywhere=EVERY_INCIDENT_WORDS)

    def params(self) -> dict[str, Any]:
        """The filters as query parameters (empty ones left out)."""
        values = {"country": self.country, "status": self.status, "since": self.since, "until": self.until,
                  "children": "1" if self.children else None, "q": self.q,
                  "published": None if self.published == "true" else self.published}
        return {name: value for name, value in values.items() if value not in (None, "")}

    @property
    def active(self) -> bool:
        return bool(set(self.params()) - {"published"})


def parse_filters(*, country: str | None = None, status: str | None = None, since: str | None = None,
                  until: str | None = None, children: str | None = None, q: str | None = None,
                  published: str | None = None) -> IncidentFilters:
    """Validate what a person or program asked for; BadRequest names the first bad parameter."""
    country = (country or "").strip().upper() or None
    if country and (len(country) != 2 or not country.isalpha()):
        raise BadRequest("country is an ISO 3166 alpha-2 code such as CN")
    status = (status or "").strip() or None
    if status and status not in STATUSES:
        raise BadRequest(f"status must be one of {', '.join(STATUSES)}")
    if children not in (None, "", "0", "1", "true", "false", "on"):
        raise BadRequest("children is 1 (only incidents with children) or 0")
    q = " ".join((q or "").split())[:MAX_QUERY_LENGTH] or None
    published = published or "true"
    if published not in PUBLISHED_CHOICES:
        raise BadRequest(f"published must be one of {', '.join(PUBLISHED_CHOICES)}")
    return IncidentFilters(country=country, status=status, since=check_day((since or "").strip(), "since"),
                           until=check_day((until or "").strip(), "until"),
                           children=children in ("1", "true", "on"), q=q, published=published)


def api_filters(account: object | None, **values: str | None) -> IncidentFilters:
    """The filters of an API or export request: unpublished incidents only for a token holder."""
    filters = parse_filters(**values)
    if filters.published != "true" and account is None:
        raise BadRequest("unpublished incidents need an API token")
    return filters


def _not_before(column: Any, day: str) -> ColumnElement[bool]:
    """`column` (YYYY, YYYY-MM or YYYY-MM-DD) can fall on or after `day` at its own precision."""
    condition: ColumnElement[bool] = column >= func.substr(day, 1, func.length(column))
    return condition


def _not_after(column: Any, day: str) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = func.substr(column, 1, len(day)) <= day
    return condition


def filter_condition(db: Session, filters: IncidentFilters) -> ColumnElement[bool]:
    """Active incidents matching every filter; `published` is 'true' unless a token holder asks."""
    parts: list[ColumnElement[bool]] = [Incident.state == "active"]
    if filters.published != "all":
        parts.append(Incident.published.is_(filters.published == "true"))
    if filters.country:
        parts.append(Incident.country == filters.country)
    if filters.status:
        parts.append(Incident.status == filters.status)
    if filters.children:
        parts.append(Incident.children > 0)
    began = func.coalesce(Incident.first_event_date, Incident.first_reported)
    ended = func.coalesce(Incident.last_event_date, Incident.last_reported, began)
    if filters.since:
        parts.append(_not_before(ended, filters.since))
    if filters.until:
        parts.append(_not_after(began, filters.until))
    query = filters.query
    if not query.empty:
        parts.append(incident_condition(db, query))
    return and_(*parts) if parts else true()


@dataclass(frozen=True, slots=True)
class Cursor:
    """Keyset position in 'latest news first' order: the last row's `last_reported` and id."""

    last_reported: str | None
    id: int

    def encode(self) -> str:
        return f"{self.last_reported or '-'}_{self.id}"


def parse_cursor(raw: str | None) -> Cursor | None:
    if not raw:
        return None
    day, _, number = raw.rpartition("_")
    if not number.isdigit() or not day:
        raise BadRequest("before is the `next` cursor of a previous page")
    return Cursor(None if day == "-" else check_day(day, "before"), int(number))


def after_cursor(cursor: Cursor) -> ColumnElement[bool]:
    """Rows that come after `cursor` in (last_reported DESC NULLS LAST, id DESC) order."""
    if cursor.last_reported is None:
        return and_(Incident.last_reported.is_(None), Incident.id < cursor.id)
    return or_(Incident.last_reported < cursor.last_reported,
               and_(Incident.last_reported == cursor.last_reported, Incident.id < cursor.id),
               Incident.last_reported.is_(None))
