import numpy as np

from refwatch.incidents import minhash
from tests.incidents.helpers import corpus

DOCS = {d.doc_id: d for d in corpus()}


def _rewire(text: str, outlet: str) -> str:
    """A syndicated copy: another dateline and credit line, the last paragraph cut."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return f"({outlet}) -- " + "\n".join(paragraphs[:-1] if len(paragraphs) > 2 else paragraphs) + f"\n© {outlet}"


def test_minhash_wire_copy_is_near_duplicate_in_english_and_korean():
    for doc_id in ("dev-007", "dev-034"):
        original = DOCS[doc_id].report.text
        copy = _rewire(original, "Wire Service")
        a, b = minhash.signature(original), minhash.signature(copy)
        assert minhash.similarity(a, b) >= 0.5
        assert set(minhash.band_keys(a)) & set(minhash.band_keys(b))


def test_minhash_different_stories_share_almost_nothing():
    pairs = [("dev-007", "dev-009"), ("dev-034", "dev-001"), ("dev-013", "dev-080")]
    for left, right in pairs:
        a = minhash.signature(DOCS[left].report.text)
        b = minhash.signature(DOCS[right].report.text)
        assert minhash.similarity(a, b) < 0.25
        assert not set(minhash.band_keys(a)) & set(minhash.band_keys(b))


def test_minhash_text_without_shingles_matches_nothing():
    empty = minhash.signature("")
    assert minhash.similarity(empty, minhash.signature("")) == 0.0
    assert minhash.band_keys(empty) == []


def test_minhash_signature_survives_storage():
    sig = minhash.signature(DOCS["dev-001"].report.text)
    back = minhash.from_bytes(minhash.to_bytes(sig))
    assert np.array_equal(sig, back)
    assert all(0 <= key < 2**63 for key in minhash.band_keys(back))


def test_minhash_korean_uses_shorter_shingles():
    assert minhash.shingle_size(DOCS["dev-034"].report.text) == minhash.SHINGLE_SIZE_HANGUL
    assert minhash.shingle_size(DOCS["dev-007"].report.text) == minhash.SHINGLE_SIZE_OTHER
