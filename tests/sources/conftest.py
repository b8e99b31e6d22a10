from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from refwatch.settings import Settings, load_settings
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
