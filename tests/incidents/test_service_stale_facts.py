from datetime import date

from sqlalchemy import select

from refwatch.incidents import incident_view, link_pending, move_report
from refwatch.incidents.queries import incident_of_report
from refwatch.incidents.store_index import load_facts
from refwatch.store import transaction
from refwatch.store.extractions import save_extraction
from refwatch.store.models import EventRow, IncidentReport, LinkFacts
from refwatch.store.models import Report as ReportRow
from refwatch.store.review import correct, decide
from tests.incidents.helpers import corpus, gold_items, store_items

DOCS = [d for d in corpus() if d.gold.get("incident_key") == "2016-10-cn-yanji-6"]
TODAY = date(2016, 11, 10)


def test_service_reextraction_of_a_linked_report_updates_its_facts(factory):
    items = gold_items(DOCS)
    with transaction(factory) as session:
        ids = store_items(session, items)
    link_pending(factory, use_embeddings=False, today=TODAY)
    _report, extraction = items[0]
    with transaction(factory) as session:
        assert session.get(ReportRow, ids[0]).state == "linked"
        newer = save_extraction(session, ids[0], extraction.__class__(
            **{**{f: getattr(extraction, f) for f in extraction.__dataclass_fields__}, "extractor": "v2"}))
    summary = link_pending(factory, use_embeddings=False, today=TODAY)
    assert summary.linked == 1
    with factory() as session:
        assert session.get(LinkFacts, ids[0]).extraction_id == newer
        assert incident_of_report(session, ids[0]) == incident_of_report(session, ids[1])
    assert link_pending(factory, use_embeddings=False, today=TODAY).linked == 0


def test_service_a_persons_correction_reaches_the_incident_record(factory):
    with transaction(factory) as session:
        ids = store_items(session, gold_items(DOCS))
    link_pending(factory, use_embeddings=False, today=TODAY)
    with transaction(factory) as session:
        key = incident_of_report(session, ids[0])
        for event in session.scalars(select(EventRow).where(EventRow.count == 6)):
            correct(session, event_id=event.id, changes={"count": 7}, actor="monitor")
    assert link_pending(factory, use_embeddings=False, today=TODAY).linked >= 1
    with factory() as session:
        assert incident_view(session, key).summary.people_max == 7


def _reextract(session, report_id: int, extraction, **changes) -> int:
    fields = {f: getattr(extraction, f) for f in extraction.__dataclass_fields__}
    return save_extraction(session, report_id, extraction.__class__(**{**fields, "extractor": "v2", **changes}))


def _stored_and_linked(factory):
    items = gold_items(DOCS)
    with transaction(factory) as session:
        ids = store_items(session, items)
    link_pending(factory, use_embeddings=False, today=TODAY)
    return items, ids


def test_service_an_accepted_event_survives_reextraction(factory):
    """A re-extraction does not repeat an event a person accepted; the linker must still count it."""
    items, ids = _stored_and_linked(factory)
    with transaction(factory) as session:
        detained = select(EventRow).where(EventRow.report_id == ids[0], EventRow.type == "detained")
        accepted = session.scalars(detained).one()
        decide(session, event_id=accepted.id, decision="accept", actor="monitor")
        _reextract(session, ids[0], items[0][1])
    assert link_pending(factory, use_embeddings=False, today=TODAY).linked == 1
    with factory() as session:
        events = load_facts(session, [ids[0]])[ids[0]].events
        assert ("detained", 6) in {(e.type, e.count) for e in events}
        assert len(events) == len([e for e in items[0][1].events if not e.background])


def test_service_locked_report_found_not_relevant_is_not_stale_forever(factory):
    """Its facts follow the new extraction, so it is not taken again at every call, blocking others."""
    items, ids = _stored_and_linked(factory)
    with transaction(factory) as session:
        move_report(session, report_id=ids[0], to=None, actor="monitor")
        irrelevant = _reextract(session, ids[0], items[0][1], relevant=False, events=())
        newer = _reextract(session, ids[1], items[1][1])
    summary = link_pending(factory, use_embeddings=False, today=TODAY, batch_size=1)
    assert (summary.locked, summary.linked) == (1, 1)
    with factory() as session:
        assert session.get(LinkFacts, ids[0]).extraction_id == irrelevant
        assert session.get(LinkFacts, ids[1]).extraction_id == newer
        assert session.get(IncidentReport, ids[0]).locked
        assert session.get(ReportRow, ids[0]).state == "linked"
    again = link_pending(factory, use_embeddings=False, today=TODAY)
    assert (again.locked, again.linked) == (0, 0)
