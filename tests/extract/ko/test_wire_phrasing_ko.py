"""Korean wire phrasing beyond the dev corpus: counted days, teenagers, schoolchildren, premises, risks.

Each table row is a sentence written for this test with the reading the codebook asks for.
"""

from __future__ import annotations

import pytest

from refwatch.extract.ko import rules
from refwatch.extract.ko.discourse import background_cue, refers_to_group


def _dates(sentence: str, published: str) -> list[tuple[str, str | None, str | None]]:
    return [(d.text, d.value, d.anchor) for d in rules.dates(sentence, published)]


DATE_CASES = [
    ("경찰은 지난 3일 그를 연행했고, 나흘 뒤 법원이 추방 결정을 내렸다.", "2016-03-17",
     [("지난 3일", "2016-03-03", None), ("나흘 뒤", "2016-03-07", None)]),
    ("나흘 뒤 법원이 추방 결정을 내렸다.", "2016-03-17", [("나흘 뒤", None, "+4")]),
    ("한국 정부가 중국 측에 의사를 전달해야 한다.", "2019-11-13", []),  # 전달 "convey", not "the month before"
    ("이들은 그제 새벽 붙잡혔다.", "2018-11-08", [("그제", "2018-11-06", None)]),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), DATE_CASES)
def test_wire_phrasing_ko_dates(sentence: str, published: str, expected: list) -> None:
    assert _dates(sentence, published) == expected


def _counts(sentence: str) -> list[tuple[int | None, bool, bool]]:
    return [(c.value, c.minors, c.part) for c in rules.counts(sentence)]


COUNT_CASES = [
    ("10대 청소년 2명을 포함한 이들 5명은 투먼으로 옮겨졌다", [(2, True, True), (5, False, False)]),
    ("여성 3명과 10대 남성 1명으로 이뤄진 일행은", [(4, False, False), (1, True, True)]),
    ("부부와 초등학생 자녀 3명으로 구성된 이 가족은", [(5, False, False), (3, True, True)]),
]


@pytest.mark.parametrize(("sentence", "expected"), COUNT_CASES)
def test_wire_phrasing_ko_counts(sentence: str, expected: list) -> None:
    assert _counts(sentence) == expected


def _triggers(sentence: str) -> list[tuple[str, bool, str | None]]:
    return [(t.type, t.habitual, t.destination) for t in rules.triggers(sentence)]


TRIGGER_CASES = [
    # a return the speaker calls unavoidable is a risk
    ("이들이 국경 지역으로 이송되면 강제북송을 피하기 어렵다",
     [("transferred", False, None), ("at_risk", False, None)]),
    # an event recalled as a premise ("since they were handed over") is no news
    ("\"중국 공안에 넘겨진 이상 북송은 시간문제\"라고 말했다.", [("at_risk", False, None)]),
    # 들어왔다가 ("came in, then") is no habit ("…해 왔다")
    ("이 가족은 지난달 중순 라오스 북부로 들어왔다가 검문에 걸려 체포됐다.", [("detained", False, None)]),
    # a definition of a place tells what usually happens there
    ("투먼 변방구류소는 공안이 붙잡은 탈북민을 보위부에 넘기기 전에 모아두는 곳이다.",
     [("detained", True, None), ("repatriated", True, "KP")]),
    # reaching Korea said before the verb
    ("동남아 제3국을 거쳐 지난달 말 무사히 한국에 도착했다", [("arrived", False, "KR")]),
]


@pytest.mark.parametrize(("sentence", "expected"), TRIGGER_CASES)
def test_wire_phrasing_ko_triggers(sentence: str, expected: list) -> None:
    assert _triggers(sentence) == expected


def test_wire_phrasing_ko_discourse() -> None:
    assert refers_to_group("이 가운데에는 7살 남자아이도 포함돼 있었다.")
    assert background_cue("동해상을 통한 북한 주민 귀순은 지난해 11월 이후 처음이다.")
