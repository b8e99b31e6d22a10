from datetime import date

from refwatch.incidents.evaluate import gold_extraction
from refwatch.incidents.facts import build_facts
from refwatch.incidents.record import derive_record
from refwatch.incidents.timeline import build_steps
from refwatch.types import Report
from tests.incidents.helpers import corpus, event, extraction

DOCS = corpus()


def _gold(key: str):
    return [build_facts(d.doc_id, d.report, gold_extraction(d)) for d in DOCS if d.gold.get("incident_key") == key]


def _report(report_id: str, published: str, *events, text: str = "Police said so."):
    report = Report(text=text, outlet=f"Outlet {report_id}", published=published, language="en")
    return build_facts(report_id, report, extraction(report_id, *events))


def test_record_custody_timeline_of_a_group_moved_from_vietnam_to_china():
    record = derive_record(_gold("2019-04-vn-hagiang-6"), today=date(2019, 4, 25))
    path = [(step["type"], step["country"]) for step in record.timeline]
    assert path == [("detained", "VN"), ("at_risk", "VN"), ("transferred", "VN"), ("detained", "CN"),
                    ("at_risk", "CN")]
    assert record.status == "at_risk"
    assert (record.country, record.first_event_date) == ("VN", "2019-04-09")
    assert record.days_in_custody == 16
    assert record.urgency.urgent
    assert "moved toward the border" in record.urgency.reasons


def test_record_group_caught_twice_keeps_two_detentions():
    record = derive_record(_gold("2017-09-la-luangnamtha-4"), today=date(2017, 11, 30))
    detentions = [step for step in record.timeline if step["type"] == "detained"]
    assert [step["date"] for step in detentions] == ["2017-09-05", "2017-10-10"]
    assert record.status == "arrived"


def test_record_people_range_spans_the_reports_figures():
    record = derive_record(_gold("2024-04-cn-dandong-60"), today=date(2024, 5, 1))
    assert (record.people_min, record.people_max) == (50, 60)
    assert record.status == "repatriated"
    assert record.first_reported == "2024-04-29" and record.last_reported == "2024-04-30"


def test_record_released_group_is_not_urgent_and_children_raise_urgency():
    held = _report("a", "2020-05-02", event("detained", "2020-05-01", country="CN", place="Shenyang", count=4))
    with_child = _report("b", "2020-05-02", event("detained", "2020-05-01", country="CN", place="Shenyang", count=4,
                                                  children=1))
    released = _report("c", "2020-05-20", event("released", "2020-05-19", country="CN", place="Shenyang", count=4))
    today = date(2020, 5, 21)
    plain = derive_record([held], today=today).urgency.score
    assert derive_record([with_child], today=today).urgency.score > plain
    assert derive_record([held, released], today=today).urgency.score < plain
    assert derive_record([held, released], today=today).days_in_custody == 18


def test_record_staleness_lowers_urgency():
    held = _report("a", "2020-05-02", event("at_risk", None, country="CN", place="Tumen", count=4))
    fresh = derive_record([held], today=date(2020, 5, 3)).urgency.score
    stale = derive_record([held], today=date(2020, 12, 1)).urgency.score
    assert stale < fresh / 2 + 1
    assert derive_record([held], today=date(2020, 5, 20)).days_without_news == 18


def test_record_pins_win_over_derived_values():
    members = _gold("2016-10-cn-yanji-6")
    derived = derive_record(members, today=date(2016, 11, 10))
    pinned = derive_record(members, pins={"people_max": 9, "status": "released", "place": "Longjing"},
                           today=date(2016, 11, 10))
    assert (derived.people_max, derived.status) == (6, "repatriated")
    assert (pinned.people_max, pinned.status, pinned.place) == (9, "released", "Longjing")
    assert pinned.pinned == {"people_max": 9, "status": "released", "place": "Longjing"}
    assert pinned.urgency.score < derived.urgency.score


def test_record_timeline_orders_month_and_undated_steps_along_the_path():
    first = _report("a", "2018-03-14", event("detained", "2018-03", country="VN", place="Mong Cai", count=7),
                    event("at_risk", None, country="VN", place="Mong Cai", count=7))
    transfer = event("transferred", "2018-03-16", country="VN", place="Mong Cai", count=7)
    # At risk as of the 14th, moved on the 16th: the dates decide.
    assert [s.type for s in build_steps([first, _report("b", "2018-03-21", transfer)])] == [
        "detained", "at_risk", "transferred"]
    # At risk in China as of the 21st, after the move: its own step, after the transfer.
    later = _report("b", "2018-03-21", transfer, event("at_risk", None, country="CN", place="Dongxing", count=7))
    steps = build_steps([first, later])
    assert [(s.type, s.country()) for s in steps] == [
        ("detained", "VN"), ("at_risk", "VN"), ("transferred", "VN"), ("at_risk", "CN")]


def test_record_days_in_custody_count_from_the_most_precise_date():
    """Two reports say 5 September, a third only "September": the group was held from the 5th."""
    day = [_report(r, "2017-09-08", event("detained", "2017-09-05", country="LA", place="Luang Namtha", count=4))
           for r in ("a", "b")]
    month = _report("c", "2017-11-22", event("detained", "2017-09", country="LA", place="Luang Namtha", count=4),
                    event("released", "2017-11-21", country="LA", place="Luang Namtha", count=4))
    record = derive_record([*day, month], today=date(2017, 12, 1))
    assert [step["type"] for step in record.timeline] == ["detained", "released"]
    assert record.days_in_custody == 77
    assert (record.first_event_date, record.last_event_date) == ("2017-09-05", "2017-11-21")


def test_record_a_pinned_head_count_bound_never_crosses_the_derived_one():
    members = _gold("2016-10-cn-yanji-6")
    derived = derive_record(members, today=date(2016, 11, 10))
    assert (derived.people_min, derived.people_max) == (4, 6)
    above = derive_record(members, pins={"people_min": 12}, today=date(2016, 11, 10))
    assert (above.people_min, above.people_max, above.pinned) == (12, 12, {"people_min": 12})
    below = derive_record(members, pins={"people_max": 3}, today=date(2016, 11, 10))
    assert (below.people_min, below.people_max) == (3, 3)


def _yanji_like(*later):
    caught = _report("a", "2016-10-21", event("detained", "2016-10-19", country="CN", place="Yanji", count=6),
                     event("at_risk", None, country="CN", place="Yanji", count=6))
    two_freed = _report("b", "2016-10-24", event("detained", "2016-10-19", country="CN", place="Yanji", count=6),
                        event("released", "2016-10-22", country="CN", place="Yanji", count=2),
                        event("at_risk", None, country="CN", place="Yanji", count=4))
    return derive_record([caught, two_freed, *later], today=date(2016, 11, 10))


def test_record_a_partial_release_does_not_close_the_case():
    """Two of six released, four still face return: the case stays at risk, its custody goes on."""
    record = _yanji_like()
    assert [step["type"] for step in record.timeline][-1] == "released"
    assert record.status == "at_risk" and record.urgency.urgent
    assert record.days_in_custody == 22
    returned = _yanji_like(_report("c", "2016-11-08",
                                   event("repatriated", "2016-11-03", country="CN", place="Tumen", count=4)))
    assert returned.status == "repatriated" and returned.days_in_custody == 15


def test_record_a_release_of_the_whole_group_wins_over_an_earlier_at_risk():
    record = _yanji_like(_report("c", "2016-10-30", event("released", "2016-10-28", country="CN", place="Shenyang",
                                                          count=6, count_qualifier="exact")))
    assert record.status == "released" and not record.urgency.urgent
    assert record.days_in_custody == 9


def test_record_one_death_among_a_caught_group_keeps_the_others_in_view():
    """Chiang Khong 2015: one drowned and six were caught the same day."""
    record = derive_record(_gold("2015-06-th-chiangkhong-7"), today=date(2015, 6, 25))
    assert record.status == "detained"
    assert record.days_in_custody == 4


def test_record_a_corrected_death_toll_leaves_the_survivor_at_risk():
    """Tumen 2017: three deaths first reported, two later, and the third held and facing return."""
    record = derive_record(_gold("2017-12-cn-tumen-3"), today=date(2017, 12, 21))
    assert record.status == "at_risk" and record.urgency.urgent
