from collections import defaultdict

from refwatch.incidents.conflicts import find_conflicts
from refwatch.incidents.evaluate import gold_extraction
from refwatch.incidents.facts import build_facts
from refwatch.incidents.timeline import build_steps
from refwatch.types import Report
from tests.incidents.helpers import corpus, event, extraction

BY_INCIDENT = defaultdict(list)
for _doc in corpus():
    if _doc.gold.get("relevant"):
        BY_INCIDENT[_doc.gold["incident_key"]].append(build_facts(_doc.doc_id, _doc.report, gold_extraction(_doc)))


def _report(report_id: str, published: str, *events, text: str = "Police said so.", language: str = "en"):
    report = Report(text=text, outlet=f"Outlet {report_id}", published=published, language=language)
    return build_facts(report_id, report, extraction(report_id, *events, language=language))


def _conflicts(members):
    steps = build_steps(members)
    return steps, find_conflicts(steps, members)


def test_conflicts_different_counts_dates_and_places_are_shown():
    a = _report("a", "2020-03-05", event("detained", "2020-03-02", country="CN", place="Yanji", count=5))
    b = _report("b", "2020-03-06", event("detained", "2020-03-03", country="CN", place="Yanji", count=8))
    c = _report("c", "2020-03-07", event("detained", "2020-03-02", country="CN", place="Helong", count=5))
    steps, conflicts = _conflicts([a, b, c])
    assert len(steps) == 1
    kinds = {c.kind: c for c in conflicts}
    assert kinds["count"].values == {"a": 5, "b": 8, "c": 5}
    assert kinds["date"].values == {"a": "2020-03-02", "b": "2020-03-03", "c": "2020-03-02"}
    assert set(kinds["place"].values.values()) == {"Yanji", "Helong"}


def test_conflicts_agreeing_reports_have_none():
    a = _report("a", "2020-03-05", event("detained", "2020-03-02", country="CN", place="Yanji", count=5))
    b = _report("b", "2020-03-06", event("detained", "2020-03-02", country="CN", place="Yanji", count=5))
    assert _conflicts([a, b])[1] == []


def test_conflicts_later_report_refutes_a_transfer():
    """Lang Son 2019: a transfer to China was reported, then denied by three later reports."""
    steps, conflicts = _conflicts(BY_INCIDENT["2019-10-vn-langson-11"])
    refuted = [c for c in conflicts if c.kind == "refuted"]
    assert len(refuted) == 1 and refuted[0].type == "transferred"
    assert refuted[0].values["claimed_by"] == ["dev-051"]
    assert set(refuted[0].values["refuted_by"]) == {"dev-007", "dev-034", "dev-080"}
    transfer = next(s for s in steps if s.type == "transferred")
    assert transfer.refuted_by


def test_conflicts_a_return_that_had_not_happened():
    """Kunming 2018: a blog said they were sent back; a later official briefing said they were still held."""
    conflicts = _conflicts(BY_INCIDENT["2018-07-cn-kunming-8"])[1]
    refuted = [c for c in conflicts if c.kind == "refuted"]
    assert [(c.type, c.values["claimed_by"], c.values["refuted_by"]) for c in refuted] == [
        ("repatriated", ["dev-033"], ["dev-059"])]


def test_conflicts_a_corrected_death_toll():
    """Tumen 2017: three deaths first reported, two later."""
    conflicts = _conflicts(BY_INCIDENT["2017-12-cn-tumen-3"])[1]
    corrected = [c for c in conflicts if c.kind == "corrected"]
    assert len(corrected) == 1 and corrected[0].type == "died"
    assert corrected[0].values["dev-093"] == 3 and corrected[0].values["dev-037"] == 2
    assert not [c for c in conflicts if c.kind == "refuted"]


def test_conflicts_a_denial_without_the_step_type_refutes_nothing():
    a = _report("a", "2020-03-05", event("transferred", "2020-03-04", country="CN", place="Tumen", count=4))
    b = _report("b", "2020-03-09", event("at_risk", None, country="CN", place="Tumen", count=4),
                text="The ministry denied that it had any comment.")
    assert not [c for c in _conflicts([a, b])[1] if c.kind == "refuted"]
