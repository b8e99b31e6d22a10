"""Stored extractions: versions, replacing machine suggestions, never a person's decision (SQLite + PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from refwatch.errors import ExtractionError
from refwatch.extract import EXTRACTOR_VERSION
from refwatch.store import transaction
from refwatch.store.extractions import (
    current_events,
    extract_new_reports,
    extract_pending,
    extract_reports,
    pending_report_ids,
    save_extraction,
)
from refwatch.store.models import Extraction as ExtractionRow
from refwatch.store.models import Report as ReportRow
from refwatch.store.reports import save_report
from refwatch.types import Event, Extraction, Report

TEXT = (
    "HANOI (Mekong Wire) - Vietnamese border guards detained 11 North Koreans, including a boy of about nine, "
    "in Lang Son province last Saturday, an official said."
)


def _store_report(factory: sessionmaker[Session], text: str = TEXT, url: str = "https://example.org/a") -> int:
    with transaction(factory) as session:
        return save_report(session, Report(text=text, url=url, language="en", published="2019-10-30")).report_id


def _extraction(*events: Event, extractor: str = "refwatch.extract/0.9+old") -> Extraction:
    return Extraction(report_id="x", language="en", relevant=True, score=0.9, events=events,
                      sources=("official",), extractor=extractor)


def test_extractions_save_keeps_version_and_marks_current(factory: sessionmaker[Session]) -> None:
    report_id = _store_report(factory)
    with transaction(factory) as session:
        first = save_extraction(session, report_id, _extraction(Event(type="detained", country="VN")))
        second = save_extraction(session, report_id, _extraction(Event(type="detained", country="VN"),
                                                                  extractor="refwatch.extract/1.0+en"))
    with factory() as session:
        rows = {r.id: r for r in session.scalars(select(ExtractionRow).where(ExtractionRow.report_id == report_id))}
        assert not rows[first].current and rows[second].current
        assert rows[second].extractor == "refwatch.extract/1.0+en" and rows[second].sources == ["official"]
        assert [e.extractor for e in current_events(session, report_id)] == ["refwatch.extract/1.0+en"]
        assert session.get(ReportRow, report_id).state == "extracted"  # type: ignore[union-attr]


def test_extractions_reextraction_never_touches_reviewed_events(factory: sessionmaker[Session]) -> None:
    report_id = _store_report(factory)
    detained = Event(type="detained", country="VN", count=11, evidence="detained 11 North Koreans")
    at_risk = Event(type="at_risk", country="VN", evidence="fear the group will be pushed back")
    with transaction(factory) as session:
        save_extraction(session, report_id, _extraction(detained, at_risk))
    with transaction(factory) as session:
        rows = current_events(session, report_id)
        rows[0].review, rows[0].reviewed_by, rows[0].count = "corrected", "monitor", 12
        rows[0].origin = "human"
        rows[1].review, rows[1].reviewed_by = "rejected", "monitor"
    upgraded = _extraction(replace(detained, confidence=0.9), at_risk,
                           Event(type="transferred", country="VN", evidence="handed to China"),
                           extractor="refwatch.extract/1.0+en")
    with transaction(factory) as session:
        save_extraction(session, report_id, upgraded)
    with factory() as session:
        rows = current_events(session, report_id)
        by_type = {(r.type, r.review): r for r in rows}
        assert by_type[("detained", "corrected")].count == 12  # the person's correction stands
        assert ("at_risk", "rejected") in by_type  # the rejection stands, no twin suggestion
        assert [r.type for r in rows if r.review == "suggested"] == ["transferred"]


def test_extractions_pending_codes_stored_reports_once(factory: sessionmaker[Session]) -> None:
    relevant = _store_report(factory)
    other = _store_report(factory, "The central bank kept interest rates unchanged on Thursday.", "https://example.org/b")
    with factory() as session:
        assert pending_report_ids(session, limit=10) == [relevant, other]
    done = extract_pending(factory, limit=10)
    assert (done.coded, done.relevant, done.errors) == (2, 1, 0)
    with factory() as session:
        assert session.get(ReportRow, relevant).state == "extracted"  # type: ignore[union-attr]
        assert session.get(ReportRow, other).state == "skipped"  # type: ignore[union-attr]
        assert any(e.type == "detained" and e.count == 11 for e in current_events(session, relevant))
        assert pending_report_ids(session, limit=10) == []
    assert extract_pending(factory, limit=10).coded == 0


def test_extractions_hook_leaves_reports_this_extractor_already_coded(factory: sessionmaker[Session]) -> None:
    done = _store_report(factory)
    older = _store_report(factory, TEXT.replace("11", "12"), "https://example.org/older")
    extract_reports(factory, [done])
    with transaction(factory) as session:
        save_extraction(session, older, _extraction(Event(type="detained", country="VN")))
    extract_new_reports(factory, [done, older])
    with factory() as session:
        runs = {rid: len(session.scalars(select(ExtractionRow).where(ExtractionRow.report_id == rid)).all())
                for rid in (done, older)}
    assert runs == {done: 1, older: 2}  # the older extractor's coding is redone, the current one's is not


def test_extractions_outdated_reports_are_recoded(factory: sessionmaker[Session]) -> None:
    report_id = _store_report(factory)
    with transaction(factory) as session:
        save_extraction(session, report_id, _extraction(Event(type="detained", country="VN")))
    with factory() as session:
        assert pending_report_ids(session, limit=10) == []
        assert pending_report_ids(session, limit=10, outdated_than=EXTRACTOR_VERSION) == [report_id]
    assert extract_pending(factory, limit=10, outdated=True).coded == 1
    with factory() as session:
        events = current_events(session, report_id)
        assert events and all(e.extractor and e.extractor.startswith(EXTRACTOR_VERSION) for e in events)


def test_extractions_one_report_that_cannot_be_saved_does_not_stop_the_others(
        factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> None:
    broken = _store_report(factory)
    fine = _store_report(factory, "The central bank kept interest rates unchanged on Thursday.", "https://example.org/b")
    real_save = save_extraction

    def save_failing_for_one(session: Session, report_id: int, extraction: Extraction) -> int:
        if report_id == broken:
            raise ValueError("value too long for type character varying(200)")
        return real_save(session, report_id, extraction)

    monkeypatch.setattr("refwatch.store.extractions.save_extraction", save_failing_for_one)
    with pytest.raises(ExtractionError, match=f"1 of 2 reports could not be coded: report {broken}: ValueError"):
        extract_reports(factory, [broken, fine])
    with factory() as session:
        assert session.get(ReportRow, fine).state == "skipped"  # type: ignore[union-attr]  # coded after all
        failed = session.get(ReportRow, broken)
        assert failed is not None and failed.state == "error" and "too long" in (failed.state_reason or "")
