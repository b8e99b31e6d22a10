"""Korean phrasing found in follow-ups, NGO releases and court briefs (decision 0212).

Each table row is a sentence written for this test with the reading the codebook asks for.
"""

from __future__ import annotations

import pytest

from refwatch.extract.ko import rules


def _triggers(sentence: str) -> list[tuple[str, bool]]:
    return [(t.type, t.habitual) for t in rules.triggers(sentence)]


TRIGGER_CASES = [
    # what a hand-over means for the group is a risk, not a return
    ('그는 "변방대로 넘겨졌다는 건 곧 북송된다는 의미"라고 말했다.', [("transferred", False), ("at_risk", False)]),
    ("국경으로 옮겨졌다는 것은 송환될 것이라는 얘기다.", [("transferred", False), ("at_risk", False)]),
    # a definition closed by a quotation mark is no event
    ('단체는 "이곳은 북송 직전 탈북민들이 머무는 곳"이라며 우려했다.', [("repatriated", True)]),
    # a South Korean body named only as the one asking does not make the move South Korean handling
    ("태국 당국은 우리 정부의 요청에 따라 지난 5일 이들을 이민국 수용소로 이송했다.", [("transferred", False)]),
    ("라오스 당국은 한국 정부의 인도 요청에도 이들을 중국 측에 인계했다.", [("transferred", False)]),
    ("합참은 이들을 관계 기관에 인계했다.", []),
    # a resettled person tried in a South Korean court: no escape event
    ("서울중앙지법은 19일 사기 혐의로 기소된 A씨에게 징역 2년을 선고했다.", []),
    ("탈북민 출신 30대가 마약 혐의로 실형을 선고받았다.", []),
    ("하산 지역 법원은 11일 이들에게 불법 월경 혐의로 벌금을 선고했다.", [("sentenced", False)]),
]


@pytest.mark.parametrize(("sentence", "expected"), TRIGGER_CASES)
def test_followup_phrasing_ko_triggers(sentence: str, expected: list) -> None:
    assert _triggers(sentence) == expected


COUNT_CASES = [
    # a follow-up corrects the figure: the corrected one is the count
    ("체포된 탈북민은 당초 알려진 6명이 아니라 8명인 것으로 확인됐다.", [8]),
    ("붙잡힌 사람은 5명이 아닌 7명이었다.", [7]),
    ("탈북민 3명이 아니고 4명이 넘겨졌다.", [4]),
    ("탈북민 5명이 붙잡혔다.", [5]),
]


@pytest.mark.parametrize(("sentence", "expected"), COUNT_CASES)
def test_followup_phrasing_ko_counts(sentence: str, expected: list) -> None:
    assert [c.value for c in rules.counts(sentence)] == expected


PERSON_CASES = [
    # the wire's "A씨(38)" puts the age after the honorific; it is still one person
    ("북한 노동자 A씨(38)는 지난달 말 체포됐다.", [1]),
    ("김모 씨(34)가 붙잡혔다.", [1]),
    ("A씨(38)와 B씨(40)는 체포됐다.", [2]),
    ("한국인 목사 A씨(55)는 체포됐다.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), PERSON_CASES)
def test_followup_phrasing_ko_persons(sentence: str, expected: list) -> None:
    assert [c.value for c in rules.counts(sentence)] == expected


REFUTES_CASES = [
    ("그러나 확인 결과 이들은 아직 북송되지 않았으며 현재 구금돼 있는 것으로 밝혀졌다.", True),
    ("취재 결과 이 보도는 사실이 아닌 것으로 드러났다.", True),
    ("확인 결과 이들은 지난 3일 북송됐다.", False),
    ("이는 사실이 아닌 것으로 확인됐다.", True),
]


@pytest.mark.parametrize(("sentence", "expected"), REFUTES_CASES)
def test_followup_phrasing_ko_refutes(sentence: str, expected: bool) -> None:
    assert rules.refutes(sentence) is expected


DATE_CASES = [
    # "전날" after a month counts from the report's date, not from the month
    ('그는 "이달 초 붙잡혔다"며 "이들은 전날 수용시설로 옮겨졌다"고 말했다.', "2025-05-21",
     [("이달 초", "2025-05", None), ("전날", "2025-05-20", None)]),
    ("지난 4일 붙잡혔고 전날 옮겨졌다.", "2025-05-21",
     [("지난 4일", "2025-05-04", None), ("전날", "2025-05-03", None)]),
    ("이들은 전날 옮겨졌다.", "2025-05-21", [("전날", None, "before")]),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), DATE_CASES)
def test_followup_phrasing_ko_dates(sentence: str, published: str, expected: list) -> None:
    assert [(d.text, d.value, d.anchor) for d in rules.dates(sentence, published)] == expected


ARRIVAL_CASES = [
    # South Korean soldiers taking people in is an arrival in the South; Japan's coast guard, in Japan
    ("군은 전날 오전 해상에서 목선을 발견해 남성 3명의 신병을 확보했다.", [("arrived", "KR")]),
    ("일본 해상보안청이 이들의 신병을 확보했다.", [("arrived", "JP")]),
    ("국경수비대는 사막에서 탈북자 4명을 발견해 신병을 확보했다.", [("detained", None)]),
    # walking into a mission, told with the steps before it
    ("두 사람은 택시를 타고 대사관 정문 앞에 내려 곧바로 안으로 들어갔다.", [("arrived", "embassy")]),
]


@pytest.mark.parametrize(("sentence", "expected"), ARRIVAL_CASES)
def test_followup_phrasing_ko_arrivals(sentence: str, expected: list) -> None:
    assert [(t.type, t.destination) for t in rules.triggers(sentence)] == expected


MORE_TRIGGER_CASES = [
    # taken away by the police is an arrest; taken to the security ministry, a return
    ("일가족 다섯 식구가 공안에 끌려갔다.", [("detained", None)]),
    ("이들은 보위부로 끌려갔다.", [("repatriated", "KP")]),
    # awaiting a return, or a return "only a matter of time" told with 것은
    ("이들은 투먼 변방구류소로 옮겨져 북송을 기다리고 있다.", [("transferred", "CN"), ("at_risk", None)]),
    ('소식통은 "이들이 북송당하는 것은 시간문제"라고 말했다.', [("at_risk", None)]),
    ("이들은 강제송환을 앞두고 있다.", [("at_risk", None)]),
    # a bare entry told as news is into South Korea; another country's, or statistics, are not
    ('관계자는 "이들은 지난 17일 입국해 조사를 받고 있다"고 말했다.', [("arrived", "KR")]),
    ("이들은 지난달 라오스에 입국한 뒤 붙잡혔다.", [("arrived", None), ("detained", None)]),
    ("지난해 입국한 탈북민 가운데 여성은 200명이었다.", [("arrived", None)]),
]


@pytest.mark.parametrize(("sentence", "expected"), MORE_TRIGGER_CASES)
def test_followup_phrasing_ko_more_triggers(sentence: str, expected: list) -> None:
    assert [(t.type, t.destination) for t in rules.triggers(sentence)] == expected


COUNTED_DATE_CASES = [
    # counted days back from the report, and the year's end
    ("사흘 전 단둥에서 넘어온 탈북민", "2025-11-05", [("사흘 전", "2025-11-02", "day")]),
    ("이틀 전 붙잡혔다", "2025-01-05", [("이틀 전", "2025-01-03", "day")]),
    ("지난 연말 치앙라이에서 붙잡혔다", "2025-01-09", [("지난 연말", "2024", "year")]),
    ("사흘 전날", "2025-01-05", [("전날", None, "unknown")]),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), COUNTED_DATE_CASES)
def test_followup_phrasing_ko_counted_dates(sentence: str, published: str, expected: list) -> None:
    assert [(d.text, d.value, d.precision) for d in rules.dates(sentence, published)] == expected


PART_CASES = [
    # a sub-group described inside a quotation is a part of the group, not a group of its own
    ('그는 "다섯 식구가 끌려갔다"며 "이 가운데 두 명은 초등학생"이라고 말했다.', [(2, True, True), (5, False, False)]),
    ('그는 "이 중 한 명은 여성"이라고 했다.', []),
]


@pytest.mark.parametrize(("sentence", "expected"), PART_CASES)
def test_followup_phrasing_ko_parts(sentence: str, expected: list) -> None:
    assert [(c.value, c.minors, c.part) for c in rules.counts(sentence)] == expected


def test_followup_phrasing_ko_sub_group_of_a_number() -> None:
    """"6명 중 2명은 10대 청소년": two minors inside the six."""
    counts = rules.counts('단체는 "6명 중 2명은 10대 청소년"이라고 설명했다.')
    assert [(c.value, c.minors, c.part) for c in counts] == [(2, True, True)]


def test_followup_phrasing_ko_crossing_attempt_is_a_route() -> None:
    """"태국 국경을 넘으려다 체포됐다": the country they tried to reach is not where they were caught."""
    from refwatch.extract.places import find_places

    sentence = "이들은 지난 11일 태국 국경을 넘으려다 체포됐다."
    assert rules.place_roles(sentence, find_places(sentence))[0] == "origin"


def test_followup_phrasing_ko_date_of_an_adnominal_event_word() -> None:
    """"지난 7월 초 … 넘겨진 탈북민 중 3명이 이달 초 … 선고받았다": the sentence's date is this month's."""
    sentence = '"지난 7월 초 투먼을 통해 넘겨진 탈북민 중 3명이 이달 초 재판소에서 노동교화형을 선고받았다"고 말했다.'
    (sentenced,) = rules.triggers(sentence)
    assert sentenced.type == "sentenced" and sentenced.text.startswith("이달 초")
