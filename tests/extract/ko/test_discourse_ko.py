"""Relevance cues and the story-level hooks: background, group, hedging, roles, refutation."""

from __future__ import annotations

import pytest

from refwatch.extract.ko import rules
from refwatch.extract.places import find_places


def test_discourse_cues_of_an_incident_report() -> None:
    text = "중국 공안이 탈북민 8명을 체포했다. 단체는 이들이 강제북송될 위기에 놓였다고 밝혔다."
    cues = rules.relevance_cues(text)
    assert cues["people"] >= 1 and cues["event"] >= 1 and cues["risk"] >= 1 and cues["negative"] == 0


@pytest.mark.parametrize(
    "text",
    [
        "북한이 동해상으로 단거리탄도미사일을 발사했다고 합참이 밝혔다.",
        "올해 상반기 입국한 탈북민은 모두 98명으로 집계됐다. 통일부가 입국 현황을 공개했다.",
        "탈북민 출신 선수가 마라톤 대회에서 우승했다.",
        "국회는 강제북송 중단을 촉구하는 결의안을 채택했다.",
        "2010년 탈북해 한국에 입국한 가수 김모 씨가 새 앨범을 내고 콘서트를 연다. 그는 예능 프로그램에도 출연했다.",
    ],
)
def test_discourse_negative_cues_outweigh_people_in_off_topic_copy(text: str) -> None:
    cues = rules.relevance_cues(text)
    assert cues["negative"] > cues["event"] + cues["risk"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("중국은 지난해 10월에도 탈북민 600여 명을 북송했다.", True), ("당시에도 일가족 4명이 도착했다.", True),
     ("강제북송이 처음은 아니다.", True), ("지난해 11월에는 선원 2명이 추방됐다.", True),
     ("이들은 지난 4일 체포됐다.", False)],
)
def test_discourse_background_cue(sentence: str, expected: bool) -> None:
    assert rules.background_cue(sentence) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("이들은 지난 9일 체포됐다.", True), ("나머지 4명은 구금돼 있다.", True), ("일행은 국경을 넘었다.", True),
     ("중국 공안은 탈북민을 체포했다.", False)],
)
def test_discourse_refers_to_group(sentence: str, expected: bool) -> None:
    assert rules.refers_to_group(sentence) is expected


def test_discourse_hedged_and_refuted() -> None:
    assert rules.hedged("북송 여부는 아직 확인되지 않았다.")
    assert not rules.hedged("이들은 지난 9일 북송됐다.")
    assert rules.refutes("그러나 이는 사실이 아닌 것으로 확인됐다.")
    assert not rules.refutes("이들은 사실상 구금 상태다.")


def test_discourse_reporting_spans_cover_the_telling_verb() -> None:
    sentence = "이들이 체포됐다고 소식통이 14일 밝혔다."
    assert [s.text for s in rules.reporting_spans(sentence)] == ["밝혔다"]


@pytest.mark.parametrize(
    ("sentence", "roles"),
    [
        ("이들은 투먼 변방구류소로 옮겨졌다.", {"Tumen": "destination"}),
        ("함경북도 무산 출신의 김 씨가 체포됐다.", {"Musan": "origin"}),
        ("중국 광시에서 국경을 넘어 베트남으로 들어갔다.", {"Guangxi": "origin"}),
        ("이들은 인천공항에 도착했다.", {"Incheon": "destination"}),
        ("이들은 단둥 시내 식당에서 붙잡혔다.", {"Dandong": None}),
        ("보텐 국경검문소로 데려가 걸어가게 했다.", {"Boten": None}),
        ("태국 메콩강 인근에서 붙잡혔다.", {"Mekong River": "origin"}),
    ],
)
def test_discourse_place_roles(sentence: str, roles: dict[str, str | None]) -> None:
    places = [p for p in find_places(sentence) if p.kind != "country"]
    found = dict(zip((p.name for p in places), rules.place_roles(sentence, places), strict=True))
    assert {name: found.get(name, "missing") for name in roles} == roles


def test_discourse_shares_adjuncts_between_chained_verbs() -> None:
    assert rules.shares_adjuncts(" 풀어줬고, 이들은 ")
    assert not rules.shares_adjuncts(" 탈북민 11명을 ")
