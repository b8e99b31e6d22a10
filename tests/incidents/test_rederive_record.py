from datetime import date

from sqlalchemy import select

from refwatch.incidents import incident_of_report, link_pending
from refwatch.incidents.rederive import rederive, stale_reports
from refwatch.incidents.stored import get_incident
from refwatch.store import transaction
from refwatch.store.extractions import save_extraction
from refwatch.store.models import EventRow, Incident, IncidentReport
from refwatch.store.models import Report as ReportRow
from refwatch.store.review import correct
from tests.incidents.helpers import corpus, gold_items, store_items

DOCS = [d for d in corpus() if d.gold.get("incident_key") == "2016-10-cn-yanji-6"]
TODAY = date(2016, 11, 10)


def _linked(factory) -> tuple[list[int], str]:
    items = gold_items(DOCS)
    with transaction(factory) as session:
        ids = store_items(session, items)
    link_pending(factory, use_embeddings=False, today=TODAY)
    with factory() as session:
        key = incident_of_report(session, ids[0])
    assert key is not None
    return ids, key


def test_rederive_takes_a_correction_into_the_record(factory):
    _ids, key = _linked(factory)
    with transaction(factory) as session:
        for event in session.scalars(select(EventRow).where(EventRow.count == 6)):
            correct(session, event_id=event.id, changes={"count": 7}, actor="monitor")
        incident = get_incident(session, key)
        assert stale_reports(session, incident.id) == 2
        assert rederive(session, incident.id, today=TODAY) == len(DOCS)
    with factory() as session:
        incident = session.scalars(select(Incident).where(Incident.key == key)).one()
        assert incident.people_max == 7
        assert stale_reports(session, incident.id) == 0


def test_rederive_sends_a_reextracted_member_back_to_the_linker(factory):
    """"Update the record" makes the facts fresh; the linker must still decide whether the report belongs."""
    ids, key = _linked(factory)
    _report, extraction = gold_items(DOCS[:1])[0]
    with transaction(factory) as session:
        fields = {f: getattr(extraction, f) for f in extraction.__dataclass_fields__}
        save_extraction(session, ids[0], extraction.__class__(**{**fields, "relevant": False, "events": ()}))
        rederive(session, get_incident(session, key).id, today=TODAY)
    with factory() as session:
        assert session.get(ReportRow, ids[0]).state == "extracted"
        assert incident_of_report(session, ids[0]) == key  # membership unchanged by the update itself
    summary = link_pending(factory, use_embeddings=False, today=TODAY)
    assert summary.not_relevant == 1
    with factory() as session:
        assert session.get(IncidentReport, ids[0]) is None
        assert session.get(ReportRow, ids[0]).state == "skipped"
        assert incident_of_report(session, ids[1]) == key
