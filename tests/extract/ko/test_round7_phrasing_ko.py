"""Korean phrasing from the eighth blind round (round 7): the day a speaker told the news when the event is
timed from another step ("건넌 지 이틀 만에"), a police van that is no escort, ages joined before one noun,
a resettled relative who appeals for the group, "N명 가운데 M명은" about the group, "현장에서" as the day told
before, "…에 들어왔다가 붙잡혔다" as the place of the arrest, a lock-up in a named city as a destination.

Each table row is a sentence written for this test with the reading the codebook asks for.
"""

from __future__ import annotations

import pytest

from refwatch.extract.ko import rules
from refwatch.extract.ko.discourse import telling_date_start
from refwatch.extract.places import find_places

TELLER_CASES = [
    # a bare day after the speaker is the day of telling when the event is timed from another step
    ("인권단체 '새벽길'은 8일 이들이 강을 건넌 지 이틀 만에 투먼 시내에서 붙잡혔다고 밝혔다.", True),
    ("소식통은 12일 일행이 국경을 넘은 지 사흘 뒤 공안에 끌려갔다고 전했다.", True),
    ("단체는 5일 이들이 지난 2일 허룽에서 체포됐다고 밝혔다.", True),
    # with nothing else to time the event, the day stays the event's
    ("경찰은 8일 탈북민 3명을 붙잡았다고 밝혔다.", False),
]


@pytest.mark.parametrize(("sentence", "teller"), TELLER_CASES)
def test_round7_day_of_telling(sentence: str, teller: bool) -> None:
    start = telling_date_start(sentence)
    assert (start is not None) == teller
    if start is not None:
        assert any(s.start == 0 and s.end == start for s in rules.reporting_spans(sentence))


TRIGGER_CASES = [
    # a police van (호송차) is no escort; escorting is
    ('그는 "호송차 두 대가 두만강 다리를 건너 온성 쪽으로 넘어왔다"고 전했다.', []),
    ("호송차량이 새벽에 세관을 지나갔다.", []),
    ("공안은 이들을 호송해 투먼으로 옮겼다.", ["transferred", "transferred"]),
]


@pytest.mark.parametrize(("sentence", "types"), TRIGGER_CASES)
def test_round7_van_is_no_escort(sentence: str, types: list[str]) -> None:
    assert [t.type for t in rules.triggers(sentence)] == types


CHILDREN_CASES = [
    # ages joined by 과/와/, before one noun: one child for each
    ("어머니와 여동생, 일곱 살과 아홉 살 조카 등 4명이 붙잡혔다.", 4, 2),
    ("30대 여성과 세 살, 다섯 살 아들이 체포됐다.", 3, 2),
]


@pytest.mark.parametrize(("sentence", "total", "children"), CHILDREN_CASES)
def test_round7_ages_before_one_noun(sentence: str, total: int, children: int) -> None:
    counts = rules.counts(sentence)
    assert [c.value for c in counts if not c.minors] == [total]
    assert [c.value for c in counts if c.minors][:1] == [children]


RESETTLED_CASES = [
    # a resettled relative appealing for the group is not the group
    ("국내에 정착한 탈북민 김모(38)씨가 선양에서 붙잡힌 가족들의 북송을 막아달라고 호소했다.", []),
    ("한국에 사는 탈북민 이모 씨가 어머니의 석방을 호소했다.", []),
    # the one caught abroad is
    ("중국에서 붙잡힌 탈북민 김모(38)씨가 북송 위기에 놓였다.", [1]),
]


@pytest.mark.parametrize(("sentence", "values"), RESETTLED_CASES)
def test_round7_resettled_relative(sentence: str, values: list[int]) -> None:
    assert [c.value for c in rules.counts(sentence)] == values


GROUP_CASES = [
    ("5명 가운데 2명은 열 살이 안 된 어린이인 것으로 전해졌다.", True),
    ("8명 중 3명은 미성년자다.", True),
    ("탈북민 5명이 붙잡혔다.", False),
]


@pytest.mark.parametrize(("sentence", "group"), GROUP_CASES)
def test_round7_part_of_the_group(sentence: str, group: bool) -> None:
    assert rules.refers_to_group(sentence) is group


DATE_CASES = [
    # "현장에서": the day told before, in the sentence or before it
    ("함께 있던 남성 2명은 현장에서 체포됐다.", None, "same"),
    ("지난 14일 여성 1명이 숨졌고, 남성 2명은 현장에서 체포됐다.", "2027-07-14", None),
    ("이들은 그 자리에서 연행됐다.", None, "same"),
]


@pytest.mark.parametrize(("sentence", "value", "anchor"), DATE_CASES)
def test_round7_at_the_scene(sentence: str, value: str | None, anchor: str | None) -> None:
    last = rules.dates(sentence, "2027-07-19")[-1]
    assert (last.value, last.anchor) == (value, anchor)


ROLE_CASES = [
    # where they came in and were caught is the place of the arrest, not a destination
    ("탈북민 8명이 태국 북부 치앙센에 들어왔다가 현지 경찰에 붙잡혔다.", "Chiang Saen", None),
    ("이들은 태국에 입국했다가 치앙라이에서 체포됐다.", "Thailand", None),
    # a lock-up in a named city is where they were taken
    ("이후 방콕 이민국 수용소로 옮겨졌다.", "Bangkok", "destination"),
    ("이들은 투먼 변방구류소로 이송됐다.", "Tumen", "destination"),
]


@pytest.mark.parametrize(("sentence", "name", "role"), ROLE_CASES)
def test_round7_place_roles(sentence: str, name: str, role: str | None) -> None:
    places = find_places(sentence)
    roles = dict(zip([p.name for p in places], rules.place_roles(sentence, places), strict=True))
    assert roles[name] == role
