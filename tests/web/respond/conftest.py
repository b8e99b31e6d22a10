"""Respond page fixtures: the app wired to a loopback SMTP server, a published incident."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from refwatch.respond.background import stop_all
from refwatch.store import transaction
from refwatch.store.models import Incident
from tests.respond.peers import SmtpPeer
from tests.web.conftest import Store

KEY = "2026-11-cn-shenyang-10"
YEAR = datetime.now(UTC).year + 5  # always ahead: a fixed year would turn these tests into time bombs


@pytest.fixture
def smtp_peer() -> Iterator[SmtpPeer]:
    peer = SmtpPeer().start()
    yield peer
    stop_all()
    peer.stop()


@pytest.fixture
def app(make_app: Callable[..., Any], smtp_peer: SmtpPeer) -> Any:
    return make_app(smtp_port=smtp_peer.port, mail_from="refwatch <alerts@refwatch.test>",
                    public_base_url="http://testserver", secret_key="web-respond-tests", response_min_seconds=0)


@pytest.fixture
def published(store: Store) -> str:
    with transaction(store.factory) as db:
        db.add(Incident(key=KEY, status="detained", published=True, country="CN", place="Shenyang",
                        people_min=10, people_max=10, children=2, urgent=True, title_en="Ten detained in Shenyang",
                        title_ko="선양에서 10명 체포", summary_en="Police detained ten people in Shenyang.",
                        summary_ko="공안이 선양에서 10명을 체포했다.", updated_at=datetime.now(UTC)))
    return KEY
