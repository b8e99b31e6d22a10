"""Fixtures for respond tests: settings pointing at loopback peers, a context with our plugins."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from refwatch.respond.context import RespondContext
from refwatch.respond.public import PublicIncident
from refwatch.settings import Settings, load_settings
from tests.respond.peers import SmtpPeer, WebhookPeer

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


@pytest.fixture
def smtp_peer() -> Iterator[SmtpPeer]:
    peer = SmtpPeer().start()
    yield peer
    peer.stop()


@pytest.fixture
def webhook_peer() -> Iterator[WebhookPeer]:
    peer = WebhookPeer().start()
    yield peer
    peer.stop()


@pytest.fixture
def settings(tmp_path, smtp_peer: SmtpPeer) -> Settings:
    return load_settings(
        {}, data_dir=str(tmp_path), secret_key="test-secret-key-for-respond", smtp_host="127.0.0.1",
        smtp_port=smtp_peer.port, mail_from="refwatch 알림 <alerts@refwatch.test>",
        public_base_url="https://refwatch.test", allow_networks=("127.0.0.0/8",), outbox_backoff_base=1.0,
        outbox_backoff_cap=4.0, smtp_timeout=5.0, webhook_timeout=5.0,
    )


@pytest.fixture
def ctx(settings: Settings) -> RespondContext:
    context = RespondContext.from_settings(settings)
    context.clock = lambda: NOW
    return context


def incident(**changes: object) -> PublicIncident:
    """A published incident in Shenyang; tests change what they need."""
    base: dict[str, object] = {
        "key": "2026-11-cn-shenyang-10", "status": "detained", "published": True,
        "title_en": "Ten detained in Shenyang", "title_ko": "선양에서 10명 체포",
        "summary_en": "Chinese police detained ten North Koreans at a house in Shenyang.",
        "summary_ko": "중국 공안이 선양의 한 주택에서 탈북민 10명을 체포했다.",
        "country": "CN", "place": "Shenyang", "place_ko": "선양", "people_min": 10, "people_max": 10,
        "children": None, "urgent": True, "updated_at": NOW,
    }
    base.update(changes)
    return PublicIncident.from_mapping(base)
