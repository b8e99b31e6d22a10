"""Full-text search over incidents and reports, in Korean and English, one function per dialect.

SQLite answers from FTS5 tables with the trigram tokenizer (`migrations/versions/0005_search.py`);
PostgreSQL from pg_trgm GIN indexes on the same text with ILIKE. Trigrams need three
characters, and Korean words are often two syllables (선양, 북송), so shorter terms fall back to
LIKE over the same columns. Every term must match (AND); a term may also match through its
expansions: a country name (중국 → CN), another spelling of a place (선양 → Shenyang), or a
word for a status (북송, returned → repatriated). Words every incident is about (탈북민, North
Korean, refugees) match every incident: a search for "탈북민 선양" finds the Shenyang incidents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, literal_column, or_, select, text, true
from sqlalchemy.orm import Session

from refwatch.store.models import Incident
from refwatch.store.models import Report as ReportRow

MAX_TERMS = 8
MAX_TERM_LENGTH = 64
TRIGRAM = 3
# Must stay the expressions indexed by migration 0005 (PostgreSQL uses the index only then).
INCIDENT_TEXT = (
    "(coalesce(incidents.title_en, '') || ' ' || coalesce(incidents.title_ko, '') || ' ' || "
    "coalesce(incidents.summary_en, '') || ' ' || coalesce(incidents.summary_ko, '') || ' ' || "
    "coalesce(incidents.place, ''))"
)
REPORT_TEXT = "(coalesce(reports.title, '') || ' ' || coalesce(reports.text, ''))"
INCIDENT_COLUMNS = ("title_en", "title_ko", "summary_en", "summary_ko", "place")
REPORT_COLUMNS = ("title", "text")


@dataclass(frozen=True, slots=True)
class Term:
    """One word of the query and what else it may match: places by name, incidents by country or status."""

    text: str
    places: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    everywhere: bool = False  # a word every incident is about: it narrows nothing


@dataclass(frozen=True, slots=True)
class Query:
    terms: tuple[Term, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not self.terms


def parse_query(raw: str | None, *, places: dict[str, tuple[str, ...]] | None = None,
                countries: dict[str, tuple[str, ...]] | None = None,
                statuses: dict[str, tuple[str, ...]] | None = None,
                everywhere: frozenset[str] = frozenset()) -> Query:
    """Split on white space; at most MAX_TERMS terms; quotes and operators are plain text here."""
    words = [w.strip("\"'“”‘’()[]{}.,;:!?") for w in (raw or "").split()]
    terms: list[Term] = []
    for word in words:
        if not word or len(terms) >= MAX_TERMS:
            continue
        word = word[:MAX_TERM_LENGTH]
        key = word.casefold()
        terms.append(Term(word, (places or {}).get(key, ()), (countries or {}).get(key, ()),
                          (statuses or {}).get(key, ()), key in everywhere))
    return Query(tuple(terms))


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fts_phrase(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _sqlite_term(fts: str, table: str, columns: Sequence[str], word: str, n: int) -> ColumnElement[bool]:
    if len(word) >= TRIGRAM:
        return literal_column(f"{table}.id").in_(
            text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :m{n}").bindparams(**{f"m{n}": _fts_phrase(word)}))
    pattern = _like(word)
    return or_(*(literal_column(f"{table}.{c}").like(pattern, escape="\\") for c in columns))


def _postgres_term(expression: str, word: str) -> ColumnElement[bool]:
    return literal_column(expression).ilike(_like(word), escape="\\")


def _term_condition(session: Session, kind: str, term: Term, n: int) -> ColumnElement[bool]:
    sqlite = session.get_bind().dialect.name == "sqlite"
    if kind == "incident":
        if term.everywhere:
            return true()
        words = [term.text, *term.places]
        if sqlite:
            parts = [_sqlite_term("incident_fts", "incidents", INCIDENT_COLUMNS, w, n * 10 + i)
                     for i, w in enumerate(words)]
        else:
            parts = [_postgres_term(INCIDENT_TEXT, w) for w in words]
        if term.countries:
            parts.append(Incident.country.in_(term.countries))
        if term.statuses:
            parts.append(Incident.status.in_(term.statuses))
        return or_(*parts)
    if sqlite:
        return _sqlite_term("report_fts", "reports", REPORT_COLUMNS, term.text, n)
    return _postgres_term(REPORT_TEXT, term.text)


def incident_condition(session: Session, query: Query) -> ColumnElement[bool]:
    """A WHERE clause on `incidents` that holds when every term matches."""
    if query.empty:
        return true()
    return and_(*(_term_condition(session, "incident", term, n) for n, term in enumerate(query.terms)))


def report_condition(session: Session, query: Query) -> ColumnElement[bool]:
    """A WHERE clause on `reports` (title and text) that holds when every term matches."""
    if query.empty:
        return true()
    return and_(*(_term_condition(session, "report", term, n) for n, term in enumerate(query.terms)))


def search_report_ids(session: Session, query: Query, *, limit: int, before: int | None = None) -> list[int]:
    """Report ids matching every term, newest first (keyset paging on the id)."""
    statement = select(ReportRow.id).where(report_condition(session, query)).order_by(ReportRow.id.desc())
    if before is not None:
        statement = statement.where(ReportRow.id < before)
    return list(session.scalars(statement.limit(limit)))
