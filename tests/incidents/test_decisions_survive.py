from datetime import date

import pytest
from sqlalchemy import select

from refwatch.errors import InvalidDecision, UnknownIncident
from refwatch.incidents import (
    incident_of_report,
    incident_view,
    link_pending,
    merge_incidents,
    move_report,
    pin_fact,
    relink,
    split_incident,
    unlock_report,
    unpin_fact,
)
from refwatch.store import transaction
from refwatch.store.audit import verify_chain
from refwatch.store.models import AuditEntry, Incident, IncidentReport
from tests.incidents.helpers import corpus, gold_items, store_extraction, store_items

KEYS = ("2019-10-vn-langson-11", "2016-10-cn-yanji-6", "2017-12-cn-tumen-3", "2017-11-cn-shenyang-10")
DOCS = [d for d in corpus() if d.gold.get("incident_key") in KEYS]
TODAY = date(2024, 6, 1)


@pytest.fixture
def linked(factory) -> dict[str, int]:
    """The four incidents stored and linked; doc id -> report id."""
    items = gold_items(DOCS)
    with transaction(factory) as session:
        ids = store_items(session, items)
    link_pending(factory, use_embeddings=False, today=TODAY)
    return {doc.doc_id: rid for doc, rid in zip(DOCS, ids, strict=True)}


def _key(factory, report_id: int) -> str | None:
    with factory() as session:
        return incident_of_report(session, report_id)


def _reextract(factory, report_id: int, doc_id: str) -> None:
    """A new extractor run over the report: same facts, new extraction row, state `extracted` again."""
    doc = next(d for d in DOCS if d.doc_id == doc_id)
    with transaction(factory) as session:
        store_extraction(session, report_id, gold_items([doc])[0][1], extractor="test-v2")
    link_pending(factory, use_embeddings=False, today=TODAY)


def _rerun(factory, report_id: int, doc_id: str) -> None:
    relink(factory, today=TODAY)
    _reextract(factory, report_id, doc_id)
    relink(factory, today=TODAY)


def test_decisions_linker_puts_each_group_in_one_incident(factory, linked):
    for key in KEYS:
        members = {_key(factory, linked[d.doc_id]) for d in DOCS if d.gold["incident_key"] == key}
        assert len(members) == 1


def test_decisions_move_survives_relinking_and_reextraction(factory, linked):
    target = _key(factory, linked["dev-036"])
    with transaction(factory) as session:
        move_report(session, report_id=linked["dev-013"], to=target, actor="monitor-a", note="test")
    _rerun(factory, linked["dev-013"], "dev-013")
    assert _key(factory, linked["dev-013"]) == target
    with factory() as session:
        row = session.get(IncidentReport, linked["dev-013"])
        assert row.locked and row.assigned_by == "monitor-a"
    with transaction(factory) as session:
        unlock_report(session, report_id=linked["dev-013"], actor="monitor-a")
    relink(factory, today=TODAY)
    assert _key(factory, linked["dev-013"]) == _key(factory, linked["dev-080"])


def test_decisions_split_survives_relinking_and_reextraction(factory, linked):
    original = _key(factory, linked["dev-034"])
    with transaction(factory) as session:
        created = split_incident(session, incident=original, report_ids=[linked["dev-034"], linked["dev-007"]],
                                 actor="monitor-b").key
    _rerun(factory, linked["dev-034"], "dev-034")
    assert _key(factory, linked["dev-034"]) == created == _key(factory, linked["dev-007"])
    assert _key(factory, linked["dev-080"]) == original


def test_decisions_merge_survives_relinking_and_reextraction(factory, linked):
    shenyang, tumen = _key(factory, linked["dev-005"]), _key(factory, linked["dev-093"])
    assert shenyang != tumen
    with transaction(factory) as session:
        kept = merge_incidents(session, source=tumen, target=shenyang, actor="monitor-c").key
    _rerun(factory, linked["dev-093"], "dev-093")
    assert _key(factory, linked["dev-093"]) == _key(factory, linked["dev-005"]) == kept == shenyang
    with factory() as session:
        assert incident_view(session, tumen).summary.key == shenyang  # the old key leads to the merged one
        folded = session.scalars(select(Incident).where(Incident.key == tumen)).one()
        assert folded.state == "merged"


def test_decisions_pin_survives_relinking_and_reextraction(factory, linked):
    key = _key(factory, linked["dev-036"])
    with transaction(factory) as session:
        pin_fact(session, incident=key, field="people_max", value=7, actor="monitor-d", note="NGO count")
        pin_fact(session, incident=key, field="status", value="released", actor="monitor-d")
    _rerun(factory, linked["dev-036"], "dev-036")
    with factory() as session:
        view = incident_view(session, key)
        assert view.summary.people_max == 7 and view.summary.status == "released"
        assert view.pins == {"people_max": 7, "status": "released"}
    with transaction(factory) as session:
        unpin_fact(session, incident=key, field="people_max", actor="monitor-d")
    with factory() as session:
        assert incident_view(session, key).summary.people_max == 6


def test_decisions_are_in_the_audit_log(factory, linked):
    key = _key(factory, linked["dev-036"])
    with transaction(factory) as session:
        move_report(session, report_id=linked["dev-013"], to=key, actor="editor")
        pin_fact(session, incident=key, field="children", value=1, actor="editor")
    with factory() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == ["incident.move", "incident.pin"]
        assert entries[0].before["incident"] != entries[0].after["incident"] == key
        assert entries[1].after == {"field": "children", "value": 1, "note": ""}
        assert all(e.actor == "editor" for e in entries)
        assert verify_chain(session).ok


def test_decisions_that_make_no_sense_are_refused(factory, linked):
    key = _key(factory, linked["dev-036"])
    members = [linked[d] for d in ("dev-036", "dev-039", "dev-060")]
    with transaction(factory) as session:
        with pytest.raises(InvalidDecision):
            merge_incidents(session, source=key, target=key, actor="x")
        with pytest.raises(InvalidDecision):
            split_incident(session, incident=key, report_ids=members, actor="x")
        with pytest.raises(UnknownIncident):
            split_incident(session, incident=key, report_ids=[linked["dev-005"]], actor="x")
        with pytest.raises(InvalidDecision):
            pin_fact(session, incident=key, field="summary_en", value="x", actor="x")
        with pytest.raises(InvalidDecision):
            pin_fact(session, incident=key, field="people_min", value=-3, actor="x")
        with pytest.raises(UnknownIncident):
            move_report(session, report_id=linked["dev-036"], to="inc-doesnotexist", actor="x")


def test_decisions_relink_without_decisions_keeps_incident_keys(factory, linked):
    before = {doc_id: _key(factory, rid) for doc_id, rid in linked.items()}
    relink(factory, today=TODAY)
    assert {doc_id: _key(factory, rid) for doc_id, rid in linked.items()} == before


def test_decisions_merge_audit_shows_the_pins_moved_and_dropped(factory, linked):
    yanji, tumen = _key(factory, linked["dev-036"]), _key(factory, linked["dev-093"])
    with transaction(factory) as session:
        pin_fact(session, incident=yanji, field="people_max", value=9, actor="m")
        pin_fact(session, incident=yanji, field="children", value=2, actor="m")
        pin_fact(session, incident=tumen, field="people_max", value=3, actor="m")
        merge_incidents(session, source=yanji, target=tumen, actor="m")
    with factory() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "incident.merge")).one()
        assert entry.before["source"]["pins"] == {"people_max": 9, "children": 2}
        assert entry.before["target"]["pins"] == {"people_max": 3}
        assert entry.after["target"]["pins"] == {"people_max": 3, "children": 2}
        assert entry.after["source"] == {"key": yanji, "state": "merged", "merged_into": tumen}
        assert incident_view(session, tumen).pins == {"people_max": 3, "children": 2}


def test_decisions_unlock_audit_names_the_incident(factory, linked):
    key = _key(factory, linked["dev-036"])
    with transaction(factory) as session:
        move_report(session, report_id=linked["dev-013"], to=key, actor="m")
        unlock_report(session, report_id=linked["dev-013"], actor="m", note="linker knows better")
    with factory() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "incident.unlock")).one()
        assert entry.before == {"incident": key, "locked": True, "by": "m"}
        assert entry.after == {"incident": key, "locked": False, "note": "linker knows better"}


def test_decisions_pinned_head_count_bounds_may_not_cross(factory, linked):
    key = _key(factory, linked["dev-036"])
    with transaction(factory) as session:
        pin_fact(session, incident=key, field="people_max", value=7, actor="m")
        with pytest.raises(InvalidDecision):
            pin_fact(session, incident=key, field="people_min", value=8, actor="m")
        pin_fact(session, incident=key, field="people_min", value=7, actor="m")
    with factory() as session:
        summary = incident_view(session, key).summary
        assert (summary.people_min, summary.people_max) == (7, 7)
