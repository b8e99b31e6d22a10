from datetime import date

import pytest
from sqlalchemy import select, update

from refwatch.incidents import incident_of_report, link_pending, move_report, relink
from refwatch.incidents.stored import refresh
from refwatch.store import transaction
from refwatch.store.models import Incident, IncidentReport
from tests.incidents.helpers import corpus, gold_items, store_items

TODAY = date(2018, 1, 1)
GROUPS = ("2016-10-cn-yanji-6", "2017-12-cn-tumen-3")
DOCS = [d for d in corpus() if d.gold.get("incident_key") in GROUPS]


def _keys(factory, ids: list[int]) -> dict[str, str | None]:
    with factory() as session:
        return {doc.doc_id: incident_of_report(session, rid) for doc, rid in zip(DOCS, ids, strict=True)}


def _groups(keys: dict[str, str | None]) -> set[frozenset[str]]:
    found: dict[str | None, set[str]] = {}
    for doc_id, key in keys.items():
        found.setdefault(key, set()).add(doc_id)
    return {frozenset(g) for g in found.values()}


@pytest.fixture
def ids(factory) -> list[int]:
    with transaction(factory) as session:
        stored = store_items(session, gold_items(DOCS))
    link_pending(factory, use_embeddings=False, today=TODAY)
    return stored


@pytest.mark.parametrize("chunk", [1, 100])
def test_relinking_does_not_follow_where_the_old_linker_put_reports(factory, ids, chunk):
    """An old linker joined two groups; a re-link, however it is chunked, sees only what it placed again."""
    expected = {frozenset(d.doc_id for d in DOCS if d.gold["incident_key"] == key) for key in GROUPS}
    assert _groups(_keys(factory, ids)) == expected
    with transaction(factory) as session:
        first = session.get(IncidentReport, ids[0]).incident_id
        session.execute(update(IncidentReport).values(incident_id=first))
        refresh(session, list(session.scalars(select(Incident.id))), today=TODAY)
    assert len(_groups(_keys(factory, ids))) == 1
    summary = relink(factory, today=TODAY, chunk=chunk)
    assert summary.linked == len(DOCS) and summary.new_incidents == 1
    assert _groups(_keys(factory, ids)) == expected
    with factory() as session:
        active = session.scalars(select(Incident).where(Incident.state == "active")).all()
        assert sorted(i.report_count for i in active) == sorted(len(g) for g in expected)


def test_relinking_leaves_reports_a_person_placed(factory, ids):
    with transaction(factory) as session:
        moved = move_report(session, report_id=ids[0], to=None, actor="monitor").key
    relink(factory, today=TODAY, chunk=1)
    assert _keys(factory, ids)[DOCS[0].doc_id] == moved
