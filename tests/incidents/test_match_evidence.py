from refwatch.incidents.facts import FactEvent, day_interval, fact_event, place_keys
from refwatch.incidents.match import count_relation, event_affinity, fact_evidence, place_relation
from tests.incidents.helpers import event


def _fact(kind: str, day: str | None = None, **fields: object) -> FactEvent:
    return fact_event(event(kind, day, **fields), published=day_interval("2019-11-06")[0])


def test_match_same_arrest_told_twice_is_strong_evidence():
    a = _fact("detained", "2019-10-26", country="VN", place="Lang Son", count=11)
    b = _fact("detained", "2019-10-26", country="VN", place="Lang Son", count=11, count_qualifier="exact")
    assert event_affinity(a, b) >= 3.5


def test_match_months_apart_is_evidence_against():
    a = _fact("detained", "2019-10-26", country="VN", place="Lang Son", count=11)
    b = _fact("detained", "2020-04-02", country="VN", place="Lang Son", count=11)
    c = _fact("detained", "2019-10-26", country="VN", place="Lang Son", count=11)
    assert event_affinity(a, b) < event_affinity(a, c) - 2


def test_match_other_country_gives_no_evidence():
    a = _fact("detained", "2019-10-26", country="VN", place="Lang Son", count=11)
    b = _fact("detained", "2019-10-26", country="CN", place="Pingxiang", count=11)
    assert event_affinity(a, b) == 0.0


def test_match_counts_with_qualifiers():
    at_least_60 = _fact("repatriated", "2024-04-26", country="CN", count=60, count_qualifier="at_least")
    fifty = _fact("repatriated", "2024-04-26", country="CN", count=50, count_qualifier="exact")
    about_55 = _fact("repatriated", "2024-04-26", country="CN", count=55, count_qualifier="about")
    sixty_five = _fact("repatriated", "2024-04-26", country="CN", count=65, count_qualifier="exact")
    assert count_relation(at_least_60, fifty) == "differs"
    assert count_relation(about_55, fifty) == "compatible"
    assert count_relation(at_least_60, sixty_five) == "compatible"
    assert count_relation(fifty, _fact("detained", count=None)) is None


def test_match_places_by_name_and_by_distance():
    tumen = _fact("detained", country="CN", place="Tumen", lat=42.97, lon=129.84)
    tumen_city = _fact("detained", country="CN", place="Tumen; Hunchun")
    yanji = _fact("detained", country="CN", place="Yanji", lat=42.91, lon=129.51)
    dandong = _fact("detained", country="CN", place="Dandong", lat=40.13, lon=124.39)
    assert place_relation(tumen, tumen_city) == "same"
    assert place_relation(tumen, yanji) == "same"  # 27 km apart: one place for linking
    assert place_relation(tumen, dandong) == "far"
    assert place_relation(tumen, _fact("detained", country="CN")) is None
    assert place_keys("Zamyn-Uud") == ("zamynuud",)


def test_match_a_report_with_one_matching_step_among_new_steps_still_scores():
    pool = [_fact("detained", "2018-05-17", country="TH", place="Bangkok", count=23)]
    follow_up = [
        _fact("arrived", "2018-07-03", country="KR", place="Incheon", count=21),
        _fact("detained", "2018-05", country="TH", place="Bangkok", count=23),
    ]
    unrelated = [_fact("arrived", "2018-07-03", country="KR", place="Incheon", count=21)]
    assert fact_evidence(follow_up, pool) >= 2.0
    assert fact_evidence(unrelated, pool) <= 0.0
    assert fact_evidence([], pool) == 0.0


def test_match_undated_event_is_placed_before_publication():
    undated = _fact("at_risk", None, country="VN", place="Lang Son")
    assert undated.approximate
    assert undated.end == day_interval("2019-11-06")[0]
    assert undated.start is not None and undated.start < undated.end
