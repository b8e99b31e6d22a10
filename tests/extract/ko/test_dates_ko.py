"""Korean dates resolved against the publication date, with their precision and anchors."""

from __future__ import annotations

import pytest

from refwatch.extract.ko import rules


def _values(sentence: str, published: str | None) -> list[tuple[str, str | None, str]]:
    return [(d.text, d.value, d.precision) for d in rules.dates(sentence, published)]


CASES = [
    ("2022-08-17", "공안은 지난 12일 투먼 시내에서 탈북민 3명을 체포했다.", [("지난 12일", "2022-08-12", "day")]),
    ("2022-08-03", "공안은 지난 28일 투먼 시내에서 탈북민 3명을 체포했다.", [("지난 28일", "2022-07-28", "day")]),
    ("2022-08-03", "이들은 29일 새벽 강을 건너다 붙잡혔다.", [("29일", "2022-07-29", "day")]),
    ("2022-08-17", "이들은 지난달 30일 단둥에서 붙잡혔다.", [("지난달 30일", "2022-07-30", "day")]),
    ("2022-01-10", "이들은 지난달 30일 단둥에서 붙잡혔다.", [("지난달 30일", "2021-12-30", "day")]),
    ("2022-08-17", "이들은 이달 초 라오스에서 체포됐다.", [("이달 초", "2022-08", "month")]),
    ("2022-08-17", "탈북민들은 지난달 말 국내에 입국했다.", [("지난달 말", "2022-07", "month")]),
    ("2022-08-17", "중국은 지난해 9월에도 탈북민을 북송했다.", [("지난해 9월", "2021-09", "month")]),
    ("2022-08-17", "이들은 지난해 11월 3일 북한으로 넘겨졌다.", [("지난해 11월 3일", "2021-11-03", "day")]),
    ("2022-08-17", "이들은 6월 5일 체포됐다.", [("6월 5일", "2022-06-05", "day")]),
    ("2022-02-17", "이들은 11월 5일 체포됐다.", [("11월 5일", "2021-11-05", "day")]),
    ("2022-08-17", "당국은 지난 4월 이들을 추방했다.", [("지난 4월", "2022-04", "month")]),
    ("2022-08-17", "2019년 12월 훈춘에서 북송된 여성이 숨졌다.", [("2019년 12월", "2019-12", "month")]),
    ("2022-08-17", "그는 2015년 탈북했다.", [("2015년", "2015", "year")]),
    ("2022-08-17", "경찰은 전날 오후 은신처를 급습했다.", [("전날", None, "unknown")]),
    ("2022-08-17", "17일 소식통에 따르면 경찰은 전날 은신처를 급습했다.",
     [("17일", "2022-08-17", "day"), ("전날", "2022-08-16", "day")]),
    ("2022-08-17", "국경수비대는 지난 9일 이들을 돌려보냈고 이튿날 다시 붙잡았다.",
     [("지난 9일", "2022-08-09", "day"), ("이튿날", "2022-08-10", "day")]),
    ("2022-08-17", "합참은 어제(16일) 오전 신병을 확보했다.", [("16일", "2022-08-16", "day")]),
    ("2022-08-17", "이들은 어제 오후 석방됐다.", [("어제", "2022-08-16", "day")]),
    ("2022-08-17", "이들은 지난 3일과 5일 잇달아 체포됐다.", [("지난 3일과 5일", "2022-08", "month")]),
    ("2022-08-17", "이들은 지난 금요일 체포됐다.", [("지난 금요일", "2022-08-12", "day")]),
    ("2022-08-17", "선고 공판은 오는 25일 열린다.", [("오는 25일", "2022-08-25", "day")]),
    ("2022-08-17", "이들은 체포된 지 열흘 만에 풀려났다. 3일간 구금됐다.", [("열흘 만에", None, "unknown")]),
    ("2022-08-17", "지난주 체포된 3명이 보위부에 넘겨졌다.", [("지난주", "2022-08", "month")]),
    ("2022-08-03", "이들은 지난주 붙잡혔다.", [("지난주", "2022-07", "month")]),
    ("2022-08-17", "이들은 지난달 23~24일 잇달아 체포됐다.", [("지난달 23~24일", "2022-07", "month")]),
    ("2022-08-17", "노동교화 5년형을 받았다.", []),
    ("2022-08-17", "2010년대 중반 이후 단속이 늘었다.", []),
]


@pytest.mark.parametrize(("published", "sentence", "expected"), CASES)
def test_dates_resolved_against_publication(
    published: str, sentence: str, expected: list[tuple[str, str | None, str]]
) -> None:
    assert _values(sentence, published) == expected


@pytest.mark.parametrize(
    ("sentence", "anchor"),
    [
        ("이들은 같은 날 밤 대사관에 인계됐다.", "same"),
        ("이튿날 다시 붙잡혔다.", "after"),
        ("전날 밤 강을 건넜다.", "before"),
        ("며칠 뒤 풀려났다.", "later"),
        ("라오스 경찰은 같은 달 12일 이들을 추방했다.", "later"),
    ],
)
def test_dates_anchor_for_the_assembler_when_the_sentence_lacks_the_reference(sentence: str, anchor: str) -> None:
    (mention,) = rules.dates(sentence, "2022-08-17")
    assert (mention.value, mention.anchor) == (None, anchor)


def test_dates_same_month_resolved_against_an_earlier_date_of_the_sentence() -> None:
    sentence = "일행은 지난달 5일 체포됐고, 경찰은 같은 달 12일 이들을 추방했다."
    assert [d.value for d in rules.dates(sentence, "2022-08-17")] == ["2022-07-05", "2022-07-12"]


@pytest.mark.parametrize(("published", "value"), [(None, None), ("2022-08", "2022-08-21")])
def test_dates_bare_day_without_a_publication_day(published: str | None, value: str | None) -> None:
    (mention,) = rules.dates("이들은 지난 21일 체포됐다.", published)
    assert mention.value == value


@pytest.mark.parametrize(
    "sentence",
    [
        "사진은 2016년 8월 중국 투먼에서 바라본 북한 남양 지역. 동녘신문 자료사진",
        "※ 이 기사는 2023년 10월 12일 오전 9시 42분 최초 송고됐습니다.",
        "입력 2023.10.12 09:42",
    ],
)
def test_dates_page_furniture_gives_no_date(sentence: str) -> None:
    assert rules.dates(sentence, "2023-10-12") == []


def test_dates_relative_flag_only_for_resolved_expressions() -> None:
    absolute, relative = rules.dates("2019년 3월 2일 체포됐고 지난 5일 석방됐다.", "2019-04-10")
    assert (absolute.relative, relative.relative) == (False, True)
