from datetime import date

from sqlalchemy import event, func, select

from refwatch.incidents import incident_of_report, link_batch, link_pending, list_incidents
from refwatch.incidents.evaluate import bcubed_f1, gold_incidents
from refwatch.store import session_factory, transaction
from refwatch.store.models import Incident, IncidentReport, LinkFacts, LinkKey
from refwatch.store.models import Report as ReportRow
from tests.incidents.helpers import corpus, gold_items, store_extraction, store_items

DOCS = corpus()
TODAY = date(2024, 6, 1)


def _partition(keys: dict[str, str | None]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for doc_id, key in keys.items():
        if key is not None:
            groups.setdefault(key, set()).add(doc_id)
    return {frozenset(g) for g in groups.values()}


def _stored_keys(factory, ids: list[int]) -> dict[str, str | None]:
    with factory() as session:
        return {doc.doc_id: incident_of_report(session, rid) for doc, rid in zip(DOCS, ids, strict=True)}


def test_service_links_the_corpus_like_a_batch_does(factory):
    items = gold_items(DOCS)
    with transaction(factory) as session:
        ids = store_items(session, items)
    summary = link_pending(factory, today=TODAY)
    stored = _stored_keys(factory, ids)
    assert summary.linked == sum(1 for _r, e in items if e.relevant)
    assert bcubed_f1(gold_incidents(DOCS), stored)[2] >= 0.95
    batch = dict(zip([d.doc_id for d in DOCS], link_batch(items), strict=True))
    assert _partition(stored) == _partition(batch)
    with factory() as session:
        rows = session.execute(select(ReportRow.state, func.count()).group_by(ReportRow.state)).all()
        states = {state: n for state, n in rows}
        assert states == {"linked": summary.linked, "skipped": len(items) - summary.linked}
        assert session.scalar(select(func.count()).select_from(LinkKey)) > summary.linked
        listed = list_incidents(session, limit=100)
        assert len(listed) == len(_partition(stored))
        assert sum(i.report_count for i in listed) == summary.linked


def test_service_incident_records_are_derived_and_stored(factory):
    langson = [d for d in DOCS if d.gold.get("incident_key") == "2019-10-vn-langson-11"]
    with transaction(factory) as session:
        store_items(session, gold_items(langson))
    link_pending(factory, use_embeddings=False, today=TODAY)
    with factory() as session:
        incident = session.scalars(select(Incident).where(Incident.state == "active")).one()
        assert incident.key.startswith("inc-")
        assert (incident.status, incident.country) == ("arrived", "VN")
        assert (incident.people_min, incident.people_max) == (11, 11)
        assert incident.children == 1
        assert incident.report_count == len(langson)
        assert incident.first_event_date == "2019-10-26"
        assert incident.conflict_count >= 1
        assert any(c["kind"] == "refuted" for c in incident.record["conflicts"])
        assert incident.record["timeline"][0]["type"] == "detained"


def test_service_report_found_not_relevant_leaves_its_incident(factory):
    docs = [d for d in DOCS if d.gold.get("incident_key") == "2016-10-cn-yanji-6"]
    items = gold_items(docs)
    with transaction(factory) as session:
        ids = store_items(session, items)
    link_pending(factory, use_embeddings=False, today=TODAY)
    with transaction(factory) as session:
        _report, extraction = items[0]
        store_extraction(session, ids[0], extraction.__class__(**{**_fields(extraction), "relevant": False,
                                                                    "events": ()}))
    link_pending(factory, use_embeddings=False, today=TODAY)
    with factory() as session:
        assert session.get(IncidentReport, ids[0]) is None
        assert session.get(LinkFacts, ids[0]) is None
        assert session.get(ReportRow, ids[0]).state == "skipped"
        assert incident_of_report(session, ids[1]) is not None


def _fields(extraction) -> dict:
    return {name: getattr(extraction, name) for name in extraction.__dataclass_fields__}


def test_service_linking_reads_no_table_in_full(sqlite_engine):
    """What waits is found through indexes: no statement of `link_pending` scans a whole table,
    which over a million stored reports would cost more at every call than linking a report."""
    factory = session_factory(sqlite_engine)
    docs = [d for d in DOCS if d.gold.get("incident_key") in ("2016-10-cn-yanji-6", "2017-12-cn-tumen-3")]
    with transaction(factory) as session:
        store_items(session, gold_items(docs))
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and not executemany:
            statements.append((statement, parameters))

    event.listen(sqlite_engine, "before_cursor_execute", capture)
    try:
        assert link_pending(factory, use_embeddings=False, today=TODAY).linked == len(docs)
        assert link_pending(factory, use_embeddings=False, today=TODAY).linked == 0
    finally:
        event.remove(sqlite_engine, "before_cursor_execute", capture)
    with sqlite_engine.connect() as connection:
        scans = {(row[3], statement) for statement, parameters in statements
                 for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
                 if row[3].startswith("SCAN")}
    assert statements and not scans
