"""Korean phrasing from the fifth blind round (decision round 4): hearsay, orders, scheduled
sequences, former risks, moves inside one country, surrender, new custody after a return, Sino-Korean numerals,
companions, counted-back months and the owner of a mission.

Each table row is a sentence written for this test with the reading the codebook asks for.
"""

from __future__ import annotations

import pytest

from refwatch.extract.ko import rules
from refwatch.extract.places import find_places


def _events(sentence: str) -> list[tuple[str, str]]:
    """(type, modality) of each trigger: "" for a plain event, else planned/hypothetical/negated."""
    out = []
    for t in rules.triggers(sentence):
        modality = "negated" if t.negated else "planned" if t.planned else "hypothetical" if t.hypothetical else ""
        out.append((t.type, modality))
    return out


TRIGGER_CASES = [
    # hearsay the reporter does not vouch for is no event
    ('그는 "먼저 붙잡힌 두 사람은 이미 혜산으로 넘겨졌다는 소문도 돈다"고 말했다.', [("detained", "")]),
    ("이들 중 일부는 이미 북한으로 넘겨졌다는 이야기도 있다.", []),
    ("대변인은 중국 내 탈북민 체포설에 대해서는 답하지 않았다.", []),
    # an order is not its carrying out
    ("국경경비대에는 탈북하는 자는 사살하라는 지시가 내려왔다.", [("died", "planned")]),
    # the topic of a policy statement is no risk for a group
    ("통일부는 강제북송 우려와 관련해 관련 동향을 예의주시하고 있다고 밝혔다.", []),
    # "수 있었다" (were able to) happened
    ("이들은 닷새 만에 태국 치앙라이에 도착할 수 있었다.", [("arrived", "")]),
    ("이들은 곧 한국에 도착할 수 있을 것이다.", [("arrived", "hypothetical")]),
    # care is not custody
    ("남성은 쓰러져 병원으로 옮겨졌지만 끝내 숨졌다.", [("died", "")]),
    # surrender and discovery by a patrol are custody
    ("30대 여성이 7살 아들과 함께 치앙콩에서 현지 경찰에 자진 출두했다.", [("detained", "")]),
    ("모자는 지난 7일 치앙콩 경찰서를 찾아가 한국행을 요청했다.", [("detained", "")]),
    ("이들은 사막을 걸어서 넘다가 순찰 중이던 국경경비대에 발견됐다.", [("detained", "")]),
    # a new custody after a return; a custody state alone is not news
    ('소식통은 "이들은 지금 혜산시 보위부 구류장에 갇혀 조사를 받고 있다"고 말했다.', [("detained", "")]),
    ("이들은 현재 단둥 변방구류소에 수감돼 있다.", []),
    # a risk told in the past adnominal is over; told in the present it stands
    ("구류소에서 북송을 기다리던 남성이 지난 15일 숨졌다.", [("died", "")]),
    ("북송 위기에 처했던 탈북민 5명이 한국에 도착했다.", [("arrived", "")]),
    ("이들은 북송을 기다리고 있다.", [("at_risk", "")]),
    # the first step of a scheduled sequence is scheduled too; of a past one, done
    ("이들도 방콕 이민국 수용소로 옮겨진 뒤 한국행 절차를 밟을 예정이다.", [("transferred", "planned")]),
    ("이들은 방콕 이민국 수용소로 옮겨진 뒤 한국행 절차를 밟았다.", [("transferred", "")]),
]


@pytest.mark.parametrize(("sentence", "expected"), TRIGGER_CASES)
def test_blind5_phrasing_ko_triggers(sentence: str, expected: list) -> None:
    assert _events(sentence) == expected


DESTINATION_CASES = [
    # a planned move to a city of the same country carries no destination (no risk of return) …
    ("이들은 허룽시 공안국 구류소에 수감돼 있으며, 다음 주 투먼으로 옮겨질 예정이다.", None),
    ('소식통은 "탈북민들은 조사를 마친 뒤 단둥으로 넘겨질 것으로 보인다"고 말했다.', None),
    # … a hand-over to another country's side keeps it
    ("라오스 당국은 이들을 중국 측에 넘길 예정이다.", "CN"),
    ("이들은 지난 3일 투먼 변방구류소로 옮겨졌다.", "CN"),
    # a mission named before the arrival word
    ("이들은 택시를 타고 대사관에 도착해 보호를 요청했다.", "embassy"),
    # custody by the North's security police is in North Korea (for the assembler's country)
    ("이들은 지금 혜산시 보위부 구류장에 갇혀 조사를 받고 있다.", "KP"),
    ("이들은 단둥 구류소에서 조사를 받고 있다.", None),
]


@pytest.mark.parametrize(("sentence", "expected"), DESTINATION_CASES)
def test_blind5_phrasing_ko_destinations(sentence: str, expected: str | None) -> None:
    assert [t.destination for t in rules.triggers(sentence)][-1] == expected


COUNT_CASES = [
    # Sino-Korean numerals in hangul
    ("탈북민 삼십여 명이 북한으로 강제송환됐다.", [(30, "about", False)]),
    ("탈북민 백이십 명이 붙잡혔다.", [(120, "exact", False)]),
    ("이 사람이 붙잡혔다.", []),
    # a corrected figure: the larger one
    ("탈북민이 당초 알려진 20명보다 많은 25명인 것으로 파악됐다.", [(25, "exact", False)]),
    # kin counted by a native number, and a companion, join the group
    ("일행은 50대 여성과 두 딸, 9살 손자다.", [(4, "exact", False), (1, "exact", True)]),
    ("30대 탈북 여성이 7살 아들과 함께 자진 출두했다.", [(2, "exact", False), (1, "exact", True)]),
    ("탈북민 5명이 브로커와 함께 붙잡혔다.", [(5, "exact", False)]),
]


@pytest.mark.parametrize(("sentence", "expected"), COUNT_CASES)
def test_blind5_phrasing_ko_counts(sentence: str, expected: list) -> None:
    assert [(c.value, c.qualifier, c.minors) for c in rules.counts(sentence)] == expected


DATE_CASES = [
    ('소식통은 "한 달 전 훈춘에서 붙잡힌 남성"이라고 말했다.', "2025-03-19", [("2025-02", "month")]),
    ("3개월 전에 붙잡힌 여성", "2025-03-19", [("2024-12", "month")]),
    ("석 달 전 체포됐다.", "2025-03", [("2024-12", "month")]),
    ("한 달 전 체포됐다.", None, [(None, "unknown")]),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), DATE_CASES)
def test_blind5_phrasing_ko_months_ago(sentence: str, published: str | None, expected: list) -> None:
    assert [(d.value, d.precision) for d in rules.dates(sentence, published)] == expected


def test_blind5_phrasing_ko_book_feature_is_off_topic() -> None:
    """A feature on a resettled writer's novel names her escape, but tells of no incident."""
    cues = rules.relevance_cues("탈북민 출신 작가가 첫 장편소설을 펴냈다. 그는 2006년 공안에 붙잡혀 북송됐다.")
    assert cues["negative"] >= 2


def test_blind5_phrasing_ko_mission_owner_is_no_place() -> None:
    """"현지 한국 총영사관": South Korea owns the mission; the arrival is abroad."""
    sentence = "블라디보스토크의 북한 노동자 2명이 현지 한국 총영사관에 진입했다."
    places = find_places(sentence)
    roles = dict(zip((p.country for p in places), rules.place_roles(sentence, places), strict=True))
    assert roles["KR"] == "ignore"
    assert roles["RU"] != "ignore"
