from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func, select, text

from refwatch.store import transaction
from refwatch.store.archive import attempt_values, get_blob, put_blob, record_attempt
from refwatch.store.models import RawBlob
from refwatch.store.models import Report as ReportRow
from refwatch.store.reports import save_report, save_skipped_batch
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


@contextmanager
def another_process_commits(factory, entity, commit):
    """Right after this test's first SELECT on `entity`, `commit(session)` runs in another transaction:
    the moment between a check and the insert that follows it, as when two watchers meet."""
    fired = []

    def after_the_check(state):
        if fired or not state.is_select or state.bind_mapper is None or state.bind_mapper.class_ is not entity:
            return None
        fired.append(True)
        result = state.invoke_statement()
        with transaction(factory) as other:
            commit(other)
        return result

    event.listen(factory, "do_orm_execute", after_the_check)
    try:
        yield fired
    finally:
        event.remove(factory, "do_orm_execute", after_the_check)


def test_archive_a_body_stored_meanwhile_by_another_process_is_shared(factory):
    body = b"<html>the same page fetched by two watchers</html>"
    with another_process_commits(factory, RawBlob, lambda other: put_blob(other, body)) as fired, \
            transaction(factory) as s:
        digest = put_blob(s, body)
    assert fired
    with factory() as s:
        assert get_blob(s, digest) == body
        assert s.scalar(select(func.count()).select_from(RawBlob)) == 1


def test_reports_a_text_stored_meanwhile_by_another_process_is_a_duplicate(factory):
    report = _report("Eight North Koreans detained in Shenyang.")
    competitor = []
    with another_process_commits(factory, ReportRow, lambda other: competitor.append(save_report(other, report))), \
            transaction(factory) as s:
        saved = save_report(s, replace(report, url="https://mirror.example.org/a"))
    assert competitor and saved.outcome == "duplicate" and saved.report_id == competitor[0].report_id
    with factory() as s:
        assert s.scalar(select(func.count(ReportRow.id))) == 1


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)  # on SQLite the batch's first insert locks others out
def test_reports_skipped_batch_skips_texts_stored_meanwhile(factory):
    items = [(_report(text, url=f"https://example.org/{n}"), attempt_values(url=f"https://example.org/{n}",
                                                                           outcome="skipped"), "gate")
             for n, text in enumerate(["Markets rose.", "Rain tomorrow.", "Cup final tonight."])]
    with another_process_commits(factory, ReportRow, lambda other: save_report(other, _report("Rain tomorrow."))), \
            transaction(factory) as s:
        written = save_skipped_batch(s, items)
    assert written == 2
    with factory() as s:
        assert sorted(r.text for r in s.scalars(select(ReportRow))) == ["Cup final tonight.", "Markets rose.",
                                                                         "Rain tomorrow."]


def test_reports_two_versions_in_one_skipped_batch_are_numbered_and_linked(factory):
    with transaction(factory) as s:
        first = save_report(s, _report("Version one of the page."))
    texts = ["Version two of the page.", "Version three of the page.", "Another page."]
    urls = ["https://example.org/a", "https://example.org/a", "https://example.org/b"]
    items = [(_report(text, url=url), attempt_values(url=url, outcome="skipped"), "gate")
             for text, url in zip(texts, urls, strict=True)]
    with transaction(factory) as s:
        assert save_skipped_batch(s, items) == 3
    with factory() as s:
        rows = {r.text: r for r in s.scalars(select(ReportRow))}
    two, three = rows["Version two of the page."], rows["Version three of the page."]
    assert (two.version, two.previous_version_id) == (2, first.report_id)
    assert (three.version, three.previous_version_id) == (3, two.id)
    assert (rows["Another page."].version, rows["Another page."].previous_version_id) == (1, None)


def test_reports_values_longer_than_their_columns_are_fitted_not_lost(factory):
    long_url = "https://example.org/" + "a" * 3000
    report = Report(text="Police detained 4 North Koreans in Tumen.", url=long_url, outlet="O" * 300,
                    language="english-us", external_id="x" * 250, published="2024-05-02")
    with transaction(factory) as s:
        saved = save_report(s, report)
    with factory() as s:
        row = s.get(ReportRow, saved.report_id)
        assert (len(row.url), len(row.canonical_url), len(row.outlet), len(row.external_id)) == (2048, 2048, 200, 200)
        assert row.language is None and row.text == report.text


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)  # SQLite's second writer fails instead of forking
def test_reports_two_new_texts_of_one_article_at_once_are_versions_two_and_three(factory, engine):
    """The second writer waits for the first, then reads its version 2: the chain does not fork."""
    import threading

    with transaction(factory) as s:
        save_report(s, _report("Ten detained in Dandong."))
    second: list = []
    errors: list[BaseException] = []

    def write_second() -> None:
        try:
            with transaction(factory) as other:
                second.append(save_report(other, _report("Ten detained in Dandong; one escaped.")))
        except BaseException as e:  # asserted below
            errors.append(e)

    waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%advisory%'"
    with transaction(factory) as s:
        first = save_report(s, _report("Ten detained in Dandong; two are children."))
        thread = threading.Thread(target=write_second)
        thread.start()
        with engine.connect() as watcher:  # until the second writer is seen waiting for the first
            deadline = datetime.now(UTC).timestamp() + 60
            while not watcher.execute(text(waiting)).scalar() and datetime.now(UTC).timestamp() < deadline:
                watcher.rollback()
            assert watcher.execute(text(waiting)).scalar(), "the second writer never waited for the first"
    thread.join(60)
    assert not errors and second
    assert (first.version, second[0].version) == (2, 3)
    with factory() as s:
        assert s.get(ReportRow, second[0].report_id).previous_version_id == first.report_id
