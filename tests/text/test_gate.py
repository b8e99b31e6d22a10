import json
from pathlib import Path

import pytest

from refwatch.demo import DEMO_PAGES
from refwatch.text.clean import fast_text
from refwatch.text.gate import check_relevance

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus"
DEV = [json.loads(line) for line in (CORPUS / "dev.jsonl").read_text(encoding="utf-8").splitlines()]

ORDINARY_NEWS = [
    "Stocks closed higher on Tuesday as chipmakers rallied after strong quarterly earnings from the sector.",
    "Heavy rain is expected across the southern provinces this weekend; ferries may be cancelled.",
    "The home side scored twice in the second half to win the cup final 2-1 in front of 60,000 fans.",
    "Police arrested a 34-year-old man on suspicion of burglary after a chase through the city centre.",
    "The central bank held its key interest rate at 3.5 percent, citing stubborn inflation.",
    "North Korea fired two short-range ballistic missiles into the sea off its east coast on Thursday, "
    "the Joint Chiefs of Staff said, the third launch this month.",
    "Pyongyang's state media said leader Kim Jong Un inspected a new fertiliser factory.",
    "Tourists returned to the beaches after the storm passed, local officials said.",
    "The parliament passed next year's budget after weeks of negotiation between the parties.",
    "코스피가 외국인 매수세에 힘입어 2,700선을 회복했다.",
    "내일은 전국이 대체로 맑겠으나 아침 기온이 영하로 떨어지는 곳이 많겠다.",
    "프로야구 한국시리즈 3차전에서 홈팀이 연장 접전 끝에 승리했다.",
    "경찰은 보이스피싱 조직원 12명을 검거해 이 가운데 5명을 구속했다고 밝혔다.",
    "북한이 동해상으로 단거리 탄도미사일 2발을 발사했다고 합동참모본부가 밝혔다.",
    "국회는 본회의를 열어 내년도 예산안을 통과시켰다.",
    "서울 아파트 매매가격이 3주 연속 상승했다고 한국부동산원이 밝혔다.",
]

UNSEEN_RELEVANT = [
    "Chinese authorities have repatriated a group of escapees caught near Yanji, activists say.",
    "A defector family of five was arrested in Shenyang while trying to reach the consulate.",
    "Thai immigration police are holding 12 North Korean nationals who crossed the Mekong.",
    "Two women who fled North Korea drowned in the Yalu River last week, relatives said.",
    "N. Korean defectors face deportation after their arrest in Laos, a pastor said.",
    "Three people who crossed from Hoeryong were caught by Chinese border guards.",
    "중국 공안이 탈북자 5명을 검거해 강제북송 위기에 처했다.",
    "북한 주민 2명이 목선을 타고 동해상으로 넘어와 귀순 의사를 밝혔다.",
    "탈북 여성 3명이 라오스 국경에서 붙잡혔다.",
    "북한이탈주민 일가족이 태국 이민국 수용소에 억류돼 있다.",
    "혜산에서 압록강을 건넌 모녀가 창바이에서 체포됐다.",
]


@pytest.mark.parametrize("doc", [d for d in DEV if d["gold"]["relevant"]], ids=lambda d: d["id"])
def test_gate_passes_every_relevant_dev_report(doc):
    decision = check_relevance(f"{doc['title']}\n{doc['text']}")
    assert decision.passed, decision.reason


def test_gate_recall_on_the_dev_corpus_is_total():
    relevant = [d for d in DEV if d["gold"]["relevant"]]
    passed = [d for d in relevant if check_relevance(f"{d['title']}\n{d['text']}").passed]
    assert len(relevant) == 78
    assert len(passed) / len(relevant) == 1.0


@pytest.mark.parametrize("page", sorted(DEMO_PAGES.glob("*.html")), ids=lambda p: p.stem)
def test_gate_passes_every_corpus_page_from_its_fast_text(page):
    gold = next(d for d in DEV if d["id"] == page.stem)
    decision = check_relevance(fast_text(page.read_text(encoding="utf-8")).for_gate)
    assert decision.passed or not gold["gold"]["relevant"], decision.reason


@pytest.mark.parametrize("text", ORDINARY_NEWS)
def test_gate_rejects_ordinary_news(text):
    decision = check_relevance(text)
    assert not decision.passed, decision.reason
    assert decision.reason.startswith("gate:")


@pytest.mark.parametrize("text", UNSEEN_RELEVANT)
def test_gate_generalises_to_phrasings_not_in_the_corpus(text):
    assert check_relevance(text).passed


def test_gate_needs_the_subject_near_the_cue():
    filler = "Filler sentence about the weather. " * 20
    far = "North Korean cuisine is popular in Seoul. " + filler + "Police arrested a thief."
    decision = check_relevance(far)
    assert not decision.passed
    assert decision.subject == "North Korean" and "never near" in decision.reason
    near = check_relevance("Police arrested a thief. North Korean cuisine is popular.")
    assert near.passed and near.cue == "arrest"


def test_gate_every_subject_pattern_carries_an_anchor():
    """The fast path only tries subjects around anchors: a subject without one would never be found."""
    from refwatch.text import gate

    for pattern in (gate._PEOPLE_EN, gate._PEOPLE_KO, gate._PLACES):
        for alternative in gate._top_level_alternatives(pattern):
            assert any(anchor in alternative for anchor in gate._ANCHORS), alternative


def test_gate_cue_stems_are_the_literal_starts_of_the_cues():
    from refwatch.text.gate import _ANY_STEMS, _leading_literal

    assert _leading_literal("labou?r camp") == "labo"
    assert _leading_literal(r"\bheld\b") == "held"
    assert _leading_literal(r"보호\s?요청") == "보호"
    assert {"detain", "repatriat", "체포", "북송", "held"} <= set(_ANY_STEMS)
