"""Korean event words, their type, destination and what the grammar around them says."""

from __future__ import annotations

import pytest

from refwatch.extract.ko import rules
from refwatch.extract.mentions import Trigger


def _flags(trigger: Trigger) -> str:
    names = ("negated", "planned", "hypothetical", "habitual")
    return "+".join(n for n in names if getattr(trigger, n)) or "event"


def _read(sentence: str) -> list[tuple[str, str]]:
    return [(t.type, _flags(t)) for t in rules.triggers(sentence)]


# Sentences written for these tests in wire-copy style, with every trigger they should give.
CASES = [
    ("중국 공안은 지난 3일 허룽 시내에서 탈북민 5명을 체포했다.", [("detained", "event")]),
    ("이들은 검문소에서 신분증 검사에 걸려 붙잡혔다.", [("detained", "event")]),
    ("공안은 이들을 이달 초 투먼 변방구류소로 이송했다.", [("transferred", "event")]),
    ("중국 당국은 지난 9일 탈북민 50여 명을 북한으로 강제송환했다.", [("repatriated", "event")]),
    ("이들은 19일 신의주 세관을 통해 북측에 넘겨졌다.", [("repatriated", "event")]),
    ("베트남 공안은 이들을 국경검문소에서 중국 공안에 인계했다.", [("transferred", "event")]),
    ("라오스 당국은 일행을 중국으로 추방했다.", [("transferred", "event")]),
    ("캄보디아 이민국은 이들을 석방해 한국대사관에 넘겼다.",
     [("released", "event"), ("released", "event"), ("arrived", "event")]),
    ("일가족 4명은 지난 2일 영사관에 진입해 한국행을 요청했다.", [("arrived", "event")]),
    ("이들은 지난달 말 인천공항을 통해 국내에 입국했다.", [("arrived", "event")]),
    ("북한 주민 2명이 목선을 타고 동해 북방한계선을 넘어 귀순했다.", [("arrived", "event")]),
    ("이 사고로 10대 소녀가 강물에 빠져 숨졌다.", [("died", "event")]),
    ("이들은 불법입국 혐의로 벌금형을 선고받았다.", [("sentenced", "event")]),
    ("법원은 지난 20일 이들에 대해 추방 명령을 내렸다.", [("sentenced", "event")]),
    ("탈북민 7명이 조만간 북송될 위기에 놓였다.", [("at_risk", "event")]),
    ("이번에도 강제북송이 우려된다.", [("at_risk", "event")]),
    ("이들은 조사가 끝나는 대로 단둥으로 옮겨질 예정이다.", [("transferred", "planned")]),
    ("이들은 투먼으로 넘겨질 것으로 보인다.", [("transferred", "planned")]),
    ("라오스 당국이 이들을 중국 공안에 넘길 수도 있다.", [("transferred", "hypothetical")]),
    ("북송되면 가혹한 처벌을 받을 가능성이 크다.", [("repatriated", "hypothetical"), ("sentenced", "hypothetical")]),
    ("이들은 곧 지린성으로 이송돼 북송될 가능성이 높다.",
     [("transferred", "hypothetical"), ("repatriated", "hypothetical")]),
    ("이들이 중국 공안에 넘겨졌다는 보도가 나왔으나 사실이 아닌 것으로 확인됐다.", [("transferred", "negated")]),
    ("풀려나지 못한 3명은 여전히 구류소에 있다.", [("released", "negated")]),
    ("이들은 중국 공안에 넘겨지지 않고 국경 지대에 남겨졌다.", [("transferred", "negated")]),
    ("붙잡힌 탈북민은 통상 조사를 거쳐 북송된다.", [("detained", "habitual"), ("repatriated", "habitual")]),
    ("태국은 그동안 탈북민을 처벌한 뒤 한국으로 보내 왔다.", [("sentenced", "habitual")]),
    ("올해 상반기 입국한 탈북민은 모두 98명으로 집계됐다.", [("arrived", "habitual")]),
    ("단체는 중국 정부에 강제북송 중단을 촉구했다.", []),
    ("국제사회는 강제송환 금지 원칙을 지켜야 한다.", []),
    ("택시를 운전한 조선족 기사도 함께 연행됐다.", []),
    ("그는 올해 마흔을 넘긴 나이에 대학에 들어갔다.", []),
    ("국경 방면 버스에 오르려던 참이었다.", []),
    ("단체는 탈북민 석방을 요구했다.", [("released", "planned")]),
    # VOA/RFA/Daily NK phrasing
    ("중국 정부가 탈북민 수백 명을 강제 북송했다고 국무부가 밝혔습니다.", [("repatriated", "event")]),
    ("이들은 야간에 강을 건너다 국경경비대에 적발됐다.", [("detained", "event")]),
    ("이들은 현재 강제북송 절차를 밟고 있는 것으로 알려졌다.", [("at_risk", "event")]),
    ("일가족은 석 달 만에 한국 땅을 밟았다.", [("arrived", "event")]),
    ("보위부는 이들 가운데 2명을 공개 총살했다.", [("died", "event")]),
    ("중국 공안이 신병을 확보한 만큼 북송은 시간문제다.", [("at_risk", "event")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_triggers_type_and_reading(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _read(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "destination"),
    [
        ("이들은 지난 19일 북한 보위부에 넘겨졌다.", "KP"),
        ("이들은 하노이의 우리 대사관에 인계됐다.", "embassy"),
        ("베트남은 이들을 중국 측으로 돌려보냈다.", "CN"),
        ("라오스 당국은 이들을 태국으로 추방했다.", "TH"),
        ("북한 주민 2명이 목선을 타고 북방한계선을 넘어 귀순했다.", "KR"),
        ("일가족은 지난 2일 선양의 한국 총영사관에 들어갔다.", "embassy"),
    ],
)
def test_triggers_hand_over_destination(sentence: str, destination: str) -> None:
    assert rules.triggers(sentence)[0].destination == destination


def test_triggers_state_of_custody_before_a_hand_over_is_no_event_of_its_own() -> None:
    sentence = "김 씨는 변방구류소에 한 달 가까이 구금돼 있다가 이달 3일 북측에 넘겨졌다."
    assert [t.type for t in rules.triggers(sentence)] == ["repatriated"]


def test_triggers_custody_in_south_korea_is_an_arrival() -> None:
    seoul = rules.triggers("합동참모본부는 어제 오전 북한 남성 1명의 신병을 확보했다고 밝혔다.")
    mongolia = rules.triggers("국경수비대는 사막에서 탈북자 4명을 발견해 신병을 확보했다.")
    assert (seoul[0].type, mongolia[0].type) == ("arrived", "detained")


def test_triggers_span_reaches_back_to_the_clause_date() -> None:
    sentence = "국경수비대는 지난 15일 이들을 중국 측으로 돌려보냈고, 일행은 이튿날 다시 붙잡혔다."
    first, second = rules.triggers(sentence)
    assert sentence[first.start : first.end].startswith("지난 15일")
    assert sentence[second.start : second.end].startswith("이튿날")
    assert first.text == sentence[first.start : first.end]
