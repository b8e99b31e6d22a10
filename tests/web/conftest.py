"""Web fixtures: an app on a fresh database, an in-process httpx client, users and seed data."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from refwatch.settings import Settings, load_settings
from refwatch.store import session_factory, transaction
from refwatch.store.models import EventRow
from refwatch.store.reports import save_report
from refwatch.store.users import add_user, mint_token
from refwatch.types import Report
from refwatch.web.app import create_app

PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')

REPORT_TEXT = (
    "Chinese police detained 10 North Korean defectors in Shenyang on Monday, a source said. "
    "The group, including two children, faces forced repatriation. "
    "China sent back 600 people last October."
)
EVIDENCE = "Chinese police detained 10 North Korean defectors in Shenyang on Monday"


@dataclass
class Store:
    engine: Engine
    factory: sessionmaker[Session]


def web_settings(tmp_path: Path, **overrides: Any) -> Settings:
    return load_settings({}, data_dir=str(tmp_path / "data"), **overrides)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def store(sqlite_engine: Engine) -> Store:
    return Store(sqlite_engine, session_factory(sqlite_engine))


@pytest.fixture
def make_app(store: Store, tmp_path: Path) -> Callable[..., Any]:
    def build(**overrides: Any) -> Any:
        return create_app(web_settings(tmp_path, **overrides), store=store)

    return build


@pytest.fixture
def app(make_app: Callable[..., Any]) -> Any:
    return make_app()


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


def new_client(app: Any, base_url: str = "http://testserver") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


@pytest.fixture
def users(store: Store) -> dict[str, str]:
    """One account per role; returns username → role."""
    roles = {"ada": "admin", "eve": "editor", "vic": "viewer"}
    with transaction(store.factory) as db:
        for name, role in roles.items():
            add_user(db, username=name, password=PASSWORD, role=role, actor="test")
    return roles


@pytest.fixture
def token(store: Store, users: dict[str, str]) -> str:
    with transaction(store.factory) as db:
        _, secret = mint_token(db, username="vic", name="test", actor="test")
    return secret


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> httpx.Response:
    page = await client.get("/login")
    return await client.post("/login", data={"username": username, "password": password,
                                             "csrf_token": csrf_from(page.text), "next": "/workspace"})


async def post_form(client: httpx.AsyncClient, page_path: str, action: str, data: dict[str, str]) -> httpx.Response:
    """Load `page_path`, take its CSRF token and post `data` to `action`, as a browser would."""
    page = await client.get(page_path)
    return await client.post(action, data={**data, "csrf_token": csrf_from(page.text)})


def seed_report(factory: sessionmaker[Session], *, text: str = REPORT_TEXT, title: str = "Ten detained in Shenyang",
                language: str = "en", published: str = "2024-05-06", events: list[dict[str, Any]] | None = None,
                state: str = "extracted") -> tuple[int, list[int]]:
    """A stored report with events (by default one suggested `detained` event); returns the ids."""
    if events is None:
        events = [dict(type="detained", count=10, count_qualifier="exact", children=2, country="CN",
                       place="Shenyang", date="2024-05-06", date_precision="day", evidence=EVIDENCE)]
    with transaction(factory) as db:
        saved = save_report(db, Report(text=text, title=title, outlet="Test Wire", language=language,
                                       published=published, url=f"https://news.example/{title.replace(' ', '-')}"),
                            state=state)
        rows = [EventRow(report_id=saved.report_id, **event) for event in events]
        db.add_all(rows)
        db.flush()
        return saved.report_id, [row.id for row in rows]


@pytest.fixture
def seeded(store: Store) -> tuple[int, list[int]]:
    return seed_report(store.factory)


@pytest.fixture
def sync_factory(store: Store) -> Iterator[sessionmaker[Session]]:
    yield store.factory
