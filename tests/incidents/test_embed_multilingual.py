import socket

import numpy as np
import pytest

from refwatch.incidents import embed
from tests.incidents.helpers import corpus

DOCS = {d.doc_id: d for d in corpus()}


def _lead(doc_id: str) -> str:
    report = DOCS[doc_id].report
    return embed.lead_text(report.title, report.text)


def test_embed_model_loads_from_the_wheel_without_network(monkeypatch: pytest.MonkeyPatch):
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the encoder tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    vectors = embed.UseEmbedder().encode(["탈북민 11명 석방", "Eleven North Koreans released"])
    assert vectors.shape == (2, embed.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_embed_same_story_across_languages_is_closer_than_another_story():
    encoder = embed.default_embedder()
    # (Korean report, English report of the same group, English report of another group)
    for korean, same, other in (("dev-055", "dev-079", "dev-027"), ("dev-034", "dev-007", "dev-050"),
                                ("dev-056", "dev-058", "dev-048")):
        k, s, o = encoder.encode([_lead(korean), _lead(same), _lead(other)])
        assert embed.cosine(k, s) > embed.cosine(k, o) + 0.05


def test_embed_int8_storage_keeps_cosines():
    encoder = embed.default_embedder()
    a, b = encoder.encode([_lead("dev-001"), _lead("dev-071")])
    restored_a = embed.from_bytes(embed.to_bytes(a))
    restored_b = embed.from_bytes(embed.to_bytes(b))
    assert len(embed.to_bytes(a)) == 4 + embed.DIMENSIONS
    assert abs(embed.cosine(restored_a, restored_b) - embed.cosine(a, b)) < 0.01


def test_embed_lead_drops_the_byline():
    lead = _lead("dev-034")
    assert "최윤호 기자" not in lead
    assert lead.startswith(DOCS["dev-034"].report.title or "")
