from datetime import date

from sqlalchemy import select

from refwatch.incidents import incident_view, link_pending
from refwatch.incidents.queries import incident_of_report
from refwatch.store import transaction
from refwatch.store.extractions import save_extraction
from refwatch.store.models import EventRow, LinkFacts
from refwatch.store.models import Report as ReportRow
from refwatch.store.review import correct
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
