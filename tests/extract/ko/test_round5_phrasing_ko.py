"""Korean phrasing from the sixth blind round (round 5): helpers and South Koreans as subjects, film plots,
returnees in general, voluntary returns, hand-overs inside North Korea, detainees as a class, demands, denied
doubts, sub-groups joined by -로, place roles of "들어왔다가" and "넘을 준비", the day of indirect speech.

Each table row is a sentence written for this test with the reading the codebook asks for.
"""

from __future__ import annotations

import pytest

from refwatch.extract.ko import rules
from refwatch.extract.ko.discourse import telling_date_start
from refwatch.extract.places import find_places
from tests.extract.ko.readings import trigger_readings

TRIGGER_CASES = [
    # a South Korean or a helper counted as the subject or the one sentenced is someone else
    ('당국자는 "우리 국민 1명이 지난 9일 라오까이성에서 체포된 사실을 확인했다"고 말했다.', []),
    ("법원은 중국인 브로커 2명에게 각각 징역 3년을 선고했다.", []),
    ("탈북민 3명과 이들을 돕던 한국인 선교사 1명이 현지 공안에 체포됐다.", [("detained", "")]),
    ("공안은 탈북민 4명과 조선족 운전기사를 함께 붙잡았다.", [("detained", "")]),
    # a film's plot is no event
    ("영화는 투먼에서 공안에 붙잡힌 탈북 여성이 구류소에서 북송을 기다리는 일주일을 그렸다.", []),
    # returnees in general, in the present tense: habitual
    ("강제북송된 탈북민은 고문과 구금의 위험에 직면한다.", [("repatriated", "habitual"), ("detained", "hypothetical")]),
    ("강제북송된 탈북민 2명은 지난달 교화소로 보내졌다.", [("repatriated", "")]),
    # established knowledge is no news; news just learnt is
    ("나머지 3명은 북한에 들어갔다가 붙잡힌 것으로 알려져 있다.", [("detained", "habitual")]),
    ("탈북민 3명이 지난 9일 단둥에서 붙잡힌 것으로 알려졌다.", [("detained", "")]),
    ("탈북민 3명이 지난 9일 단둥에서 붙잡힌 것으로 알려져 있다.", [("detained", "")]),
    ("이들은 강제북송 위기에 처한 것으로 알려져 있다.", [("at_risk", "")]),
    # a return the people asked for is no forced return
    ("정부는 표류하다 구조된 북한 주민 2명을 9일 북측에 돌려보냈다고 밝혔다.", []),
    ('당국자는 "본인들이 귀환을 원해 인도적 차원에서 송환했다"고 말했다.', []),
    ("중국은 탈북민 2명을 9일 북측에 강제로 돌려보냈다.", [("repatriated", "")]),
    # a hand-over between North Korean bodies after a return
    ("보위부 조사를 마친 두 여성이 이달 초 안전부에 넘겨져 노동단련형 6개월을 받았다.", [("sentenced", "")]),
    ("이들은 혜산 세관에서 보위부에 넘겨졌다.", [("repatriated", "")]),
    # detainees named as a class
    ("북한은 억류자들의 생사부터 확인해 주어야 한다.", []),
    ("이들이 공안에 붙잡히자 브로커는 달아났다.", [("detained", "")]),
    # demands, however worded, and denied doubts or intentions
    (
        "통일부는 북한에 억류된 우리 국민 6명의 조속한 석방과 송환을 북한에 거듭 촉구했다.",
        [("released", "planned"), ("repatriated", "planned")],
    ),
    ("중국 정부는 허룽에서 체포된 모자의 강제북송을 즉각 중단하라.", [("detained", "")]),
    ('소식통은 "한국행을 원하고 있어 북송 가능성은 낮다"고 말했다.', [("repatriated", "negated")]),
    ('당국자는 "귀순 의사가 없다"고 말했다.', [("arrived", "negated")]),
    # a risk told as a situation
    ("이들은 언제든 북한으로 넘겨질 수 있는 상황에 놓여 있다.", [("at_risk", "")]),
    # coming in through a South Korean airport
    ("두 사람은 지난주 인천공항을 통해 무사히 들어왔다.", [("arrived", "")]),
]


@pytest.mark.parametrize(("sentence", "expected"), TRIGGER_CASES)
def test_round5_phrasing_ko_triggers(sentence: str, expected: list) -> None:
    assert trigger_readings(sentence) == expected


CHILDREN_CASES = [
    ("일행 중 3명은 미성년자로, 가장 어린 아이는 여섯 살이다.", 3),
    ("이 가운데 2명은 10대였다.", 2),
    ("일행 중 2명은 한국으로, 나머지는 미국으로 갔다.", None),
]


@pytest.mark.parametrize(("sentence", "children"), CHILDREN_CASES)
def test_round5_described_minors(sentence: str, children: int | None) -> None:
    minors = [c.value for c in rules.counts(sentence) if c.minors]
    assert (minors[0] if minors else None) == children


ROLE_CASES = [
    # reached the place, then caught there
    ("이들은 메콩강을 건너 치앙센으로 들어왔다가 현지 경찰에 붙잡혔다.", "Chiang Saen", None),
    ("이들은 치앙센으로 옮겨졌다.", "Chiang Saen", "destination"),
    # a crossing only prepared is no origin
    ("이들은 핑샹의 한 민박집에서 국경을 넘을 준비를 하다 단속에 걸렸다.", "Pingxiang", None),
    ("이들은 핑샹의 한 민박집에서 국경을 넘어 베트남으로 갔다.", "Pingxiang", "origin"),
    # where a returnee is punished
    ("두 여성은 혜산시 노동단련대로 보내졌다.", "Hyesan", None),
]


@pytest.mark.parametrize(("sentence", "name", "role"), ROLE_CASES)
def test_round5_place_roles(sentence: str, name: str, role: str | None) -> None:
    places = find_places(sentence)
    roles = dict(zip([p.name for p in places], rules.place_roles(sentence, places), strict=True))
    assert roles[name] == role


def test_round5_side_crossed_from_holds_no_one() -> None:
    sentence = "일행은 미얀마 쪽에서 국경 하천을 건너다 순찰 중이던 경찰에 적발됐다."
    assert not any(a.text.startswith("Burmese") for a in rules.authorities(sentence))


GROUP_CASES = [
    ("현지 사정에 밝은 소식통에 따르면 일행은 40대 여성 3명으로 구성됐다.", True),
    ("소식통에 따르면 공안은 지난 27일 마을을 급습했다.", False),
]


@pytest.mark.parametrize(("sentence", "expected"), GROUP_CASES)
def test_round5_group_after_source(sentence: str, expected: bool) -> None:
    assert rules.refers_to_group(sentence) is expected


TELLING_CASES = [
    ("국가정보원은 4일 중국 당국이 지난달 중순 단둥에서 탈북민 10여 명을 강제송환했다고 국회에 보고했다.", "4일"),
    ("이들은 11일 프놈펜으로 이송된 뒤 15일 한국대사관에 넘겨졌다고 그는 전했다.", None),
    ("경찰은 3일 탈북민 5명을 체포했다고 밝혔다.", None),  # no other date: the day may be the arrest's
]


@pytest.mark.parametrize(("sentence", "day"), TELLING_CASES)
def test_round5_day_of_indirect_speech(sentence: str, day: str | None) -> None:
    start = telling_date_start(sentence)
    assert (sentence[start : start + len(day)] if start is not None and day else start) == day
    if day:
        repatriation = next(t for t in rules.triggers(sentence) if t.type == "repatriated")
        assert day not in repatriation.text


def test_round5_restaurant_workers_are_people() -> None:
    text = "북한이 말레이시아에서 운영하는 식당의 여성 종업원 3명이 탈출했다."
    assert rules.relevance_cues(text)["people"] >= 1


@pytest.mark.parametrize(("later_sentence", "children"), [
    ("일행 가운데 두 명은 10대였다.", 2),
    ("이 가운데 한 명은 일곱 살 난 아이다.", 1),
    ("일행 중 1명은 십대 소녀였다.", 1),
    ("일행에는 자녀 2명이 포함됐다.", None),  # grown-up children are children too: not counted as minors
    ("이들은 모두 성인이다.", None),
    ("일행에는 열두 살 손녀가 있었으며, 이들은 모두 귀순하겠다는 뜻을 밝혔다.", 1),  # a wish is no event
])
def test_round5_children_told_in_a_sentence_without_event_word(later_sentence: str, children: int | None) -> None:
    """Children named apart from the arrest still reach the group: the sentence's counts are read."""
    from refwatch.extract import extract
    from refwatch.types import Report

    text = f"중국 공안이 지난 3일 선양에서 탈북민 5명을 체포했다고 소식통이 전했다. {later_sentence}"
    result = extract(Report(text=text, language="ko", published="2024-05-10"), "t")
    detained = [e for e in result.events if e.type == "detained" and not e.background]
    assert detained and detained[0].children == children
