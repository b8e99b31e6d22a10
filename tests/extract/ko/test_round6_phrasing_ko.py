"""Korean phrasing from the seventh blind round (round 6): lists with kin and teenagers, pleas and wills,
a return noun that modifies a doubtful verb, plays and their plots, yearly tallies, the people a measure
protects, lock-ups after a return questioned at length, punishments in the North, one body of several,
helpers who speak of others, days before a word that looks like a duration, "…행까지는" as a destination.

Each table row is a sentence written for this test with the reading the codebook asks for.
"""

from __future__ import annotations

import pytest

from refwatch.extract.ko import rules
from refwatch.extract.places import find_places
from tests.extract.ko.readings import trigger_readings

TRIGGER_CASES = [
    # a plea in -아 달라 and a will in -겠- are no events
    ("인권단체들은 한국 정부에 북송을 막아 달라고 호소해 왔다.", [("repatriated", "planned")]),
    ("단체는 이들을 당장 석방해 달라고 요구했다.", [("released", "planned")]),
    ("가족들은 중국 당국에 송환을 멈춰 달라는 탄원서를 냈다.", []),
    ("선원 3명은 모두 귀순하겠다는 뜻을 밝혔다.", [("arrived", "planned")]),
    ("선원 3명은 지난 4일 NLL을 넘어 귀순했다.", [("arrived", "")]),
    # a return noun that modifies a doubtful verb: "북송 열차에 태워질 수 있다"
    ('그는 "이들이 당장 내일이라도 북송 차량에 실릴 수 있다"고 말했다.', [("repatriated", "hypothetical")]),
    ("이들은 지난 5일 북송 차량에 실려 신의주로 갔다.", [("repatriated", "")]),
    # a play's plot, and a work named after its subject
    ("연극은 단둥에서 붙잡혀 북송된 청년이 다시 강을 건너기까지를 따라간다.", []),
    ("강제북송 피해자의 증언을 다룬 다큐멘터리 '돌아온 길'이 오는 3일 개봉한다.", []),
    # a year's tally and the people a measure protects are no events
    ("올해 상반기에 입국한 탈북민은 98명으로, 지난해의 절반 수준이다.", [("arrived", "habitual")]),
    ("지난해 국내로 들어온 북한 주민은 187명에 그쳤다.", [("arrived", "habitual")]),
    (
        "정부는 해외에서 체포된 탈북민이 강제로 송환되지 않도록 외교 노력을 강화하기로 했다.",
        [("detained", "habitual"), ("repatriated", "negated")],
    ),
    (
        "정부는 지난 3일 체포된 탈북민 5명이 북송되지 않도록 중국에 요청했다.",
        [("detained", ""), ("repatriated", "negated")],
    ),
    # questioned at length in a lock-up after a return
    (
        "이들은 회령 보위부 구류장에 갇혀 중국 체류 기간과 접촉한 사람들을 낱낱이 조사받고 있다.",
        [("detained", "")],
    ),
    # one body of several, recovered after the deaths were told
    ('그는 "시신 한 구는 사흘 뒤 하류에서 발견됐고, 나머지 한 명은 실종 상태"라고 전했다.', []),
    ("압록강 하류에서 시신 2구가 발견됐다.", [("died", "")]),
    # a helper who speaks of the group in a quotation
    ('목사는 "어제 새벽 허커우에서 모녀가 공안에 붙잡혔다"고 전했다.', [("detained", "")]),
    ("모녀를 돕던 목사는 어제 허커우에서 공안에 붙잡혔다.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), TRIGGER_CASES)
def test_round6_phrasing_ko_triggers(sentence: str, expected: list) -> None:
    assert trigger_readings(sentence) == expected


DESTINATION_CASES = [
    # a punishment in North Korea: the North's courts (재판소) and terms (교화형, 교화 N년)
    ("이들은 이달 초 청진시 재판소에서 교화 7년을 선고받았다.", "KP"),
    ("강제북송된 여성 2명이 최근 교화형을 선고받은 것으로 전해졌다.", "KP"),
    ("치앙라이 법원은 이들에게 벌금형을 선고했다.", None),
    ("국제형사재판소는 이 사건을 심리하지 않았다고 밝혔으나, 태국 법원은 이들에게 벌금형을 선고했다.", None),
]


@pytest.mark.parametrize(("sentence", "destination"), DESTINATION_CASES)
def test_round6_punished_in_the_north(sentence: str, destination: str | None) -> None:
    sentenced = [t for t in rules.triggers(sentence) if t.type == "sentenced"]
    assert sentenced and sentenced[-1].destination == destination


COUNT_CASES = [
    # lists with teenagers, a kin word after a possessive, a son's couple, "…, 그리고 …"
    ("20대 여성 3명과 10대 소년 1명으로 이뤄진 일행이 붙잡혔다.", 4, 1),
    ("40대 남성 1명과 그의 남동생이 대사관에 들어갔다.", 2, None),
    ("70대 남성과 딸 부부, 그리고 여덟 살 손자가 배에 타고 있었다.", 4, 1),
    ("30대 부부와 아들, 그리고 조카 두 명이 검문에 걸렸다.", 5, None),
]


@pytest.mark.parametrize(("sentence", "total", "children"), COUNT_CASES)
def test_round6_lists_add_up(sentence: str, total: int, children: int | None) -> None:
    counts = rules.counts(sentence)
    assert [c.value for c in counts if not c.minors] == [total]
    minors = [c.value for c in counts if c.minors]
    assert (minors[0] if minors else None) == children


DATE_CASES = [
    # a day before a word that only looks like a duration word
    ("지난 26일 여성 3명이 붙잡혔다.", "2027-09-26"),
    ("지난 3일 전남 목포에서 붙잡혔다.", "2027-10-03"),
    ("지난 14일 치앙라이주에서 체포됐다.", "2027-10-14"),
    ("지난 7일 여관에서 붙잡혔다.", "2027-10-07"),
    # durations stay no day
    ("이들은 10일 정도 구금됐다.", None),
    ("3일 전 붙잡혔다.", None),
    ("이들은 5일 만에 풀려났다.", None),
    ("열흘 치 식량을 챙겼다.", None),
]


@pytest.mark.parametrize(("sentence", "value"), DATE_CASES)
def test_round6_days_before_lookalike_words(sentence: str, value: str | None) -> None:
    days = [d.value for d in rules.dates(sentence, "2027-10-19") if d.precision == "day"]
    assert (days[0] if days else None) == value


def test_round6_headed_for_is_a_destination() -> None:
    sentence = '소식통은 "8명 모두 방콕 수용소로 옮겨졌다"며 "한국행까지는 석 달이 걸린다"고 말했다.'
    places = find_places(sentence)
    roles = dict(zip([p.name for p in places], rules.place_roles(sentence, places), strict=True))
    assert roles["South Korea"] == "destination"


AGES_CASES = [
    # the ages of kin told apart: one child for each age under 18
    ("두 사람의 자녀들은 각각 열 살과 일곱 살이다.", 2),
    ("아이들은 각각 11살, 6살, 3살로 알려졌다.", 3),
    ("자녀들은 각각 스무 살과 열다섯 살이다.", 1),
    ("딸은 스물두 살이다.", None),
]


@pytest.mark.parametrize(("sentence", "children"), AGES_CASES)
def test_round6_ages_of_kin(sentence: str, children: int | None) -> None:
    minors = [c for c in rules.counts(sentence) if c.minors]
    assert (minors[0].value if minors else None) == children
    assert all(c.part for c in minors)
