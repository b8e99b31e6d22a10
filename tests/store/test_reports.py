from datetime import UTC, datetime

from sqlalchemy import func, select

from refwatch.store import transaction
from refwatch.store.archive import get_blob, put_blob, record_attempt
from refwatch.store.models import RawBlob
from refwatch.store.models import Report as ReportRow
from refwatch.store.reports import save_report
from refwatch.types import Fetched, Report


def _report(text: str, url: str = "https://example.org/a") -> Report:
    return Report(text=text, url=url, title="t", outlet="Example", published="2023-10-12", language="en")


def test_reports_same_content_is_stored_once(factory):
    with transaction(factory) as s:
        first = save_report(s, _report("Ten detained in Dandong."))
    with transaction(factory) as s:
        again = save_report(s, _report("Ten   detained in\nDandong.", url="https://mirror.example.org/x"))
    assert first.outcome == "new"
    assert again.outcome == "duplicate"
    assert again.report_id == first.report_id
    with factory() as s:
        assert s.scalar(select(func.count(ReportRow.id))) == 1


def test_reports_changed_article_becomes_linked_version(factory):
    with transaction(factory) as s:
        v1 = save_report(s, _report("Ten detained in Dandong."))
    with transaction(factory) as s:
        v2 = save_report(s, _report("Ten detained in Dandong; two are children."))
    assert (v2.outcome, v2.version) == ("new_version", 2)
    with factory() as s:
        row = s.get(ReportRow, v2.report_id)
        assert row.previous_version_id == v1.report_id
        assert row.published_precision == "day"


def test_archive_roundtrip_keeps_exact_bytes_and_headers(factory):
    body = "탈북민 10명 체포".encode("cp949") + b"\x00\xff"
    fetched = Fetched(
        url="https://example.kr/a", final_url="https://example.kr/a", status=200,
        headers=(("Content-Type", "text/html; charset=euc-kr"), ("ETag", '"x1"')),
        body=body, fetched_at=datetime.now(UTC),
    )
    with transaction(factory) as s:
        attempt = record_attempt(s, url=fetched.url, outcome="ok", fetched=fetched)
        digest = put_blob(s, body)
    with factory() as s:
        assert get_blob(s, digest) == body
        assert attempt.raw_sha256 == digest
        assert s.scalar(select(func.count()).select_from(RawBlob)) == 1
        assert attempt.headers["content-type"] == "text/html; charset=euc-kr"


def test_failed_insert_leaves_earlier_reports_intact(factory):
    with transaction(factory) as s:
        save_report(s, _report("Kept report."))
    try:
        with transaction(factory) as s:
            save_report(s, _report("Half-written report."))
            raise RuntimeError("crash in the middle of a batch")
    except RuntimeError:
        pass
    with factory() as s:
        texts = [r.text for r in s.scalars(select(ReportRow))]
    assert texts == ["Kept report."]
