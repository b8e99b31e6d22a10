from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from refwatch.settings import Settings, load_settings
from refwatch.sources.context import IngestContext
from refwatch.sources.pages import EXTRACT_TARGET
from refwatch.sources.timebox import TimeBox
from tests.sources.loopback import LoopbackServer, standard_site


@pytest.fixture
def site() -> Iterator[LoopbackServer]:
    server = standard_site(LoopbackServer()).start()
    yield server
    server.stop()


@pytest.fixture
def loopback_settings(tmp_path: Path) -> Settings:
    """Settings that let the guard reach 127.0.0.1 (and nothing else private), with no host delay."""
    return load_settings(environ={}, data_dir=str(tmp_path), allow_networks=("127.0.0.0/8",), host_interval=0.0,
                         fetch_timeout=10.0)


@pytest.fixture(scope="module")
def timebox() -> Iterator[TimeBox]:
    """One trafilatura worker per test module: starting it costs more than most tests."""
    box = TimeBox(EXTRACT_TARGET, timeout=60)
    yield box
    box.close()


@pytest.fixture
def ctx(loopback_settings: Settings, factory: sessionmaker[Session], timebox: TimeBox) -> Iterator[IngestContext]:
    with IngestContext(loopback_settings, factory, timebox=timebox) as context:
        yield context
