import pytest
from sqlalchemy import select

from refwatch.errors import EditConflict, NotFound
from refwatch.store import transaction
from refwatch.store.audit import verify_chain
from refwatch.store.models import AuditEntry, EventRow
from refwatch.store.reports import save_report
from refwatch.store.review import correct, decide, parse_correction, version_of
from refwatch.types import Report


def one_event(factory):
    with transaction(factory) as db:
        saved = save_report(db, Report(text="Police held 10 people.", language="en"))
        row = EventRow(report_id=saved.report_id, type="detained", count=10, count_qualifier="exact",
                       evidence="Police held 10 people.")
        db.add(row)
        db.flush()
        return row.id


def test_review_decisions_correct_then_accept_keep_history(factory):
    event_id = one_event(factory)
    with transaction(factory) as db:
        version = version_of(db.get(EventRow, event_id))
        correct(db, event_id=event_id, changes={"count": 12, "count_qualifier": "about"}, actor="eve",
                expected_version=version)
    with transaction(factory) as db:
        row = db.get(EventRow, event_id)
        assert (row.count, row.count_qualifier, row.origin, row.review) == (12, "about", "human", "corrected")
        with pytest.raises(EditConflict):
            decide(db, event_id=event_id, decision="accept", actor="vic", expected_version=version)
    with transaction(factory) as db:
        decide(db, event_id=event_id, decision="reject", actor="ada")
        with pytest.raises(NotFound):
            decide(db, event_id=event_id + 99, decision="accept", actor="ada")
    with factory() as db:
        entries = list(db.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        assert [(e.action, e.actor) for e in entries] == [("event.correct", "eve"), ("event.reject", "ada")]
        assert entries[0].before["count"] == 10 and entries[0].after["count"] == 12
        assert verify_chain(db).ok


def test_review_decisions_correction_without_change_is_an_accept(factory):
    event_id = one_event(factory)
    with transaction(factory) as db:
        row = correct(db, event_id=event_id, changes={"count": 10}, actor="eve")
        assert (row.review, row.origin) == ("accepted", "machine")


def test_review_parse_correction_validates_each_field():
    parsed = parse_correction({"type": "detained", "count": "7", "children": "2", "date": "2024-02-29",
                               "country": "vn", "count_qualifier": "about", "background": "1"})
    assert parsed.ok
    assert parsed.changes["country"] == "VN" and parsed.changes["count"] == 7 and parsed.changes["background"]
    bad = parse_correction({"type": "kidnapped", "count": "-1", "children": "x", "date": "2023-02-29",
                            "country": "VNM", "count_qualifier": "lots"})
    assert set(bad.errors) == {"type", "count", "children", "date", "country", "count_qualifier"}
    over = parse_correction({"type": "detained", "count": "2", "children": "3", "count_qualifier": "exact"})
    assert over.errors == {"children": "children_over_count"}


def test_review_parse_correction_refuses_digits_that_are_not_ascii():
    parsed = parse_correction({"type": "detained", "count": "²", "children": "１", "date": "２０２４-０５-０２",
                               "count_qualifier": "exact"})
    assert parsed.errors == {"count": "number", "children": "number", "date": "date"}
    assert parsed.changes["date"] is None
