"""Counts of people in Korean news sentences: numerals, qualifiers, children, lists, sub-groups."""

from __future__ import annotations

import pytest

from refwatch.extract.ko import rules
from refwatch.extract.ko.numerals import parse_number


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("60", 60), ("1,047", 1047), ("2천", 2000), ("1만5천", 15000), ("3백", 300), ("열", 10),
        ("열두", 12), ("열네", 14), ("스무", 20), ("스물세", 23), ("일곱", 7), ("세", 3), ("한", 1),
        ("다섯", 5), ("셋", 3), ("열하나", 11), ("마흔", 40), ("천", 1000),
    ],
)
def test_numerals_parse_number(numeral: str, value: int) -> None:
    assert parse_number(numeral) == value


@pytest.mark.parametrize("word", ["", "사람", "1a", "열열"])
def test_numerals_parse_number_rejects_non_numbers(word: str) -> None:
    assert parse_number(word) is None


def _headcounts(sentence: str) -> list[tuple[int | None, str]]:
    return [(c.value, c.qualifier) for c in rules.counts(sentence) if not c.minors]


def _children(sentence: str) -> list[tuple[int | None, bool]]:
    return [(c.value, c.part) for c in rules.counts(sentence) if c.minors]


# Sentences written for these tests in wire-copy style; each line: sentence, headcounts, children.
CASES = [
    ("중국 공안이 지린성 허룽에서 탈북민 12명을 붙잡았다고 대북 소식통이 전했다.", [(12, "exact")], []),
    ("라오스 경찰은 국경 인근 마을에서 탈북민 40여 명을 검거했다.", [(40, "about")], []),
    ("투먼 변방구류소에는 현재 탈북민 70명 이상이 수용돼 있는 것으로 파악됐다.", [(70, "at_least")], []),
    ("단체는 지난주에만 탈북민 30명가량이 북송됐다고 밝혔다.", [(30, "about")], []),
    ("약 25명이 한꺼번에 체포된 것으로 알려졌다.", [(25, "about")], []),
    ("이번에 붙잡힌 인원은 최대 15명에 이르는 것으로 추정된다.", [(15, "up_to")], []),
    ("국경에서 탈북민 수십 명이 붙잡혔다는 소문이 돌고 있다.", [(None, "about")], []),
    ("탈북민 여덟 명이 메콩강을 건너다 태국 경찰에 적발됐다.", [(8, "exact")], []),
    ("목선에 타고 있던 일가족 다섯 식구가 모두 구조됐다.", [(5, "exact")], []),
    ("강변에서 시신 2구가 추가로 발견됐다.", [(2, "exact")], []),
    ("여성 5명과 남성 3명은 지난 2일 쿤밍에서 체포됐다.", [(8, "exact")], []),
    ("일행은 성인 6명과 어린이 2명으로 이뤄졌다.", [(8, "exact")], [(2, True)]),
    ("30대 부부와 세 살배기 아들이 대사관에 들어갔다.", [(3, "exact")], [(1, True)]),
    ("열한 살 소녀가 강물에 휩쓸려 숨졌다.", [(1, "exact")], [(1, False)]),
    ("어린이 5명을 포함한 탈북민 17명이 이민국에 넘겨졌다.", [(17, "exact")], [(5, True)]),
    ("일행 가운데에는 생후 8개월 된 아기와 일곱 살 남자아이가 포함돼 있다.", [], [(2, True)]),
    ("미성년자 세 명도 함께 구금된 것으로 알려졌다.", [], [(3, True)]),
    ("탈북민 19명 가운데 17명이 한국행을 희망했다.", [(19, "exact"), (17, "exact")], []),
    ("40대 여성과 12살 딸, 조카 등 3명은 지난 5일 붙잡혔다.", [(3, "exact")], [(1, True)]),
    ("탈북민 일가족 4명을 포함해 모두 9명이 체포됐다.", [(9, "exact")], []),
    ("탈북 여성 네 명과 중국인 브로커 A씨가 함께 연행됐다.", [(4, "exact")], []),
    ("함경북도 출신 박모(27) 씨는 지난달 단둥에서 붙잡혔다.", [(1, "exact")], []),
    ("15∼19세의 청소년 6명은 지난 3일 체포됐다.", [(6, "exact")], []),
    ("임신 5개월 여성을 포함한 탈북민 3명이 국경에서 체포됐다.", [(3, "exact")], []),
    ("탈북민 A씨 등 5명은 지난달 중순께 선양에서 붙잡혔다.", [(5, "exact")], []),
    ("어린이 2명 등 7명이 구조됐다.", [(7, "exact")], [(2, True)]),
    ("탈북민 50여명이 수용돼 있다.", [(50, "about")], []),
    ("이들은 지난 17일 붙잡혔으며, 이 가운데 1명은 열두 살 여자아이다.", [], [(1, True)]),
    ("이들 중 2명은 미성년자인 것으로 알려졌다.", [], [(2, True)]),
    ("이 가운데 3명은 여성이다.", [], []),
    ("이 가운데 2명은 지난 22일 풀려났다.", [(2, "exact")], []),
    ("대표 김모 씨는 \"아이들이 무사하기만을 바란다\"고 말했다.", [], []),
    ("여러 가족 세 가족이 함께 탈북했다.", [], []),
]


@pytest.mark.parametrize(("sentence", "headcounts", "children"), CASES)
def test_numbers_counts_in_news_sentences(
    sentence: str, headcounts: list[tuple[int | None, str]], children: list[tuple[int, bool]]
) -> None:
    assert _headcounts(sentence) == headcounts
    assert _children(sentence) == children


def test_numbers_count_offsets_point_into_the_sentence() -> None:
    sentence = "태국 경찰은 방콕에서 탈북민 20여 명을 붙잡았다."
    (count,) = rules.counts(sentence)
    assert sentence[count.start : count.end] == count.text == "20여 명"


@pytest.mark.parametrize(
    "sentence",
    ["집회를 열 계획이다.", "오전 6시 14분께 발사됐다.", "명단을 공개했다.", "기업 60여 곳이 참여했다.", "2019년 3월"],
)
def test_numbers_no_count_where_no_people_are_counted(sentence: str) -> None:
    assert rules.counts(sentence) == []
