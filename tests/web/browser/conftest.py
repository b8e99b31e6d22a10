"""Browser tests: `refwatch serve` in a subprocess on 127.0.0.1, driven by Debian's Chromium.

Never `playwright install`: the browser is the system's `/usr/bin/chromium` (installed by
`scripts/bootstrap` when we are root). Without it these tests skip, except under CI where they
fail. Screenshots go to `test-artifacts/web/` (gitignored) for people to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from refwatch.settings import load_settings
from refwatch.store import engine_for, migrate, session_factory, transaction
from refwatch.store.users import add_user
from tests.conftest import services_required
from tests.web.conftest import PASSWORD, seed_report

CHROMIUM = Path(os.environ.get("REFWATCH_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parents[3] / "test-artifacts" / "web"
SERVER_START_TIMEOUT_S = 60.0
KOREAN_TEXT = "중국 공안이 지난 3일 선양에서 탈북민 5명을 체포했다고 소식통이 전했다. 이들은 강제북송 위기에 처했다."


@dataclass
class LiveServer:
    url: str
    factory: sessionmaker[Session]
    data_dir: Path
    report_ids: list[int] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    log: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _refwatch_command() -> list[str]:
    script = Path(sys.executable).with_name("refwatch")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from refwatch.cli import main; main()"]


def _seed(data_dir: Path, server: LiveServer) -> None:
    settings = load_settings({}, data_dir=str(data_dir))
    engine = engine_for(settings)
    migrate(engine)
    server.factory = session_factory(engine)
    with transaction(server.factory) as db:
        add_user(db, username="mona", password=PASSWORD, role="editor", actor="test")
        add_user(db, username="ada", password=PASSWORD, role="admin", actor="test")
    english = seed_report(server.factory)
    korean = seed_report(server.factory, text=KOREAN_TEXT, title="탈북민 5명 선양서 체포", language="ko",
                         events=[dict(type="detained", count=5, count_qualifier="exact", country="CN",
                                      place="Shenyang", evidence="선양에서 탈북민 5명을 체포했다")])
    for report_id, event_ids in (english, korean):
        server.report_ids.append(report_id)
        server.event_ids += event_ids


@contextmanager
def serving(server: LiveServer, port: int, **settings: str) -> Iterator[LiveServer]:
    """`refwatch serve` on `server.url` over `server.data_dir` (plus `REFWATCH_*` settings) until the block ends."""
    env = {**os.environ, "REFWATCH_DATA_DIR": str(server.data_dir), "REFWATCH_DATABASE_URL": "",
           "REFWATCH_SERVE_WATCH": "0", "PYTHONUNBUFFERED": "1",
           **{f"REFWATCH_{name.upper()}": value for name, value in settings.items()}}
    process = subprocess.Popen([*_refwatch_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(SERVER_START_TIMEOUT_S, process.kill)
    watchdog.start()
    assert process.stderr is not None
    for line in process.stderr:  # uvicorn logs to stderr; it says when it listens
        server.log.append(line)
        if "Uvicorn running on" in line:
            break
    watchdog.cancel()
    if process.poll() is not None:
        pytest.fail("refwatch serve did not start:\n" + "".join(server.log))
    drain = threading.Thread(target=lambda: server.log.extend(process.stderr or ()), daemon=True)
    drain.start()
    try:
        yield server
    finally:
        process.terminate()
        process.wait(timeout=20)
        drain.join(timeout=20)
        process.stderr.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir = tmp_path_factory.mktemp("browser-data")
    port = _free_port()
    server = LiveServer(f"http://127.0.0.1:{port}", None, data_dir)  # type: ignore[arg-type]
    _seed(data_dir, server)
    with serving(server, port) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Module-scoped: Playwright's sync API keeps an event loop running while it is open, which
    must be closed before the async (anyio) web tests run in the same process."""
    if not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM} (scripts/bootstrap installs Debian's chromium when run as root)"
        if services_required():
            pytest.fail(reason + "; required under CI")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A browser tab that remembers every request it made and every console error."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def open_tab(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(locale: str = "en-US") -> Visit:
        context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page)
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on("console", lambda message: visit.console_errors.append(message.text)
                if message.type == "error" else None)
        return visit

    yield make
    for context in contexts:
        context.close()


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(visit: Visit, server: LiveServer, username: str) -> None:
    page = visit.page
    page.goto(server.url + "/login?lang=en")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(server.url + "/workspace")
