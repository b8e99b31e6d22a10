"""Korean sentence spans: full stops outside quotations, paragraphs, datelines, Kiwi for the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refwatch.extract.ko import morph, rules
from refwatch.extract.ko.sentences import KIWI_FALLBACK_CHARS

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus" / "dev.jsonl"

CASES = [
    ("공안은 이들을 체포했다. 이들은 투먼으로 옮겨졌다.", ["공안은 이들을 체포했다.", "이들은 투먼으로 옮겨졌다."]),
    (
        '소식통은 "이들이 체포됐다. 곧 북송될 것"이라고 말했다. 정부는 확인 중이다.',
        ['소식통은 "이들이 체포됐다. 곧 북송될 것"이라고 말했다.', "정부는 확인 중이다."],
    ),
    ("“북송은 시간문제입니다.” 그는 이렇게 말했다.", ["“북송은 시간문제입니다.”", "그는 이렇게 말했다."]),
    ("첫 문단이다.\n\n둘째 문단이다", ["첫 문단이다.", "둘째 문단이다"]),
    (
        "북녘소식 김은별 기자\n\n중국 공안이 탈북민을 체포했다.",
        ["북녘소식 김은별 기자", "중국 공안이 탈북민을 체포했다."],
    ),
    (
        "(서울=한누리통신) 박지훈 기자 = 중국 공안이 탈북민 3명을 체포했다.",
        ["(서울=한누리통신) 박지훈 기자 =", "중국 공안이 탈북민 3명을 체포했다."],
    ),
    (
        "[동녘일보 단둥=최가람 특파원] 탈북민 2명이 붙잡혔다.",
        ["[동녘일보 단둥=최가람 특파원]", "탈북민 2명이 붙잡혔다."],
    ),
    ("출생률은 1.5% 늘었다. 다음 문장.", ["출생률은 1.5% 늘었다.", "다음 문장."]),
    ("입력 2023. 10. 12. 오전 9시 기사다.", ["입력 2023. 10. 12. 오전 9시 기사다."]),
    ("U.S. envoy said so. 다음 문장이다.", ["U.S. envoy said so.", "다음 문장이다."]),
    ("정말인가? 그렇다! 끝.", ["정말인가?", "그렇다!", "끝."]),
    (
        "소식통은 '세 명이 넘겨졌다. 곧 처형될 것'이라고 말했습니다. 다음 문장.",
        ["소식통은 '세 명이 넘겨졌다. 곧 처형될 것'이라고 말했습니다.", "다음 문장."],
    ),
    ("The U.N.'s envoy left. 그는 떠났다.", ["The U.N.'s envoy left.", "그는 떠났다."]),
    ('그는 "끝나지 않은 인용으로 끝난다. 다음이다.', ['그는 "끝나지 않은 인용으로 끝난다.', "다음이다."]),
    ("", []),
    ("   \n\n  ", []),
]


@pytest.mark.parametrize(("text", "sentences"), CASES)
def test_sentences_split_news_copy(text: str, sentences: list[str]) -> None:
    spans = rules.sentences(text)
    assert [s.text for s in spans] == sentences
    assert all(text[s.start : s.end] == s.text for s in spans)


# A transcript scraped without punctuation: sentences end only in their verb endings.
UNPUNCTUATED_SENTENCES = [
    "중국 공안은 지난 3일 지린성 허룽에서 탈북민 세 명을 체포했다",
    "소식통은 이들이 곧 투먼 변방구류소로 옮겨질 것이라고 말했다",
    "단체는 중국 정부에 강제북송 중단을 요구했다",
    "정부는 사실관계를 확인하고 있다고 밝혔다",
    "이들 가운데 한 명은 열다섯 살 소녀인 것으로 알려졌다",
    "가족들은 서울에서 기자회견을 열고 도움을 호소했다",
    "현지 인권단체는 비슷한 사례가 이어지고 있다고 지적했다",
    "외교부 당국자는 중국 측과 협의하고 있다고 말했다",
    "소식통에 따르면 변방구류소에는 다른 탈북민 여러 명도 갇혀 있다",
    "이들은 라오스를 거쳐 한국으로 가려던 중이었다",
    "국경 지역의 감시는 최근 몇 달 사이 크게 강화됐다",
    "주민들은 밤마다 순찰이 이어지고 있다고 전했다",
]


def test_sentences_long_unpunctuated_paragraph_goes_to_kiwi() -> None:
    text = " ".join(UNPUNCTUATED_SENTENCES)
    assert len(text) > KIWI_FALLBACK_CHARS
    spans = rules.sentences(text)
    assert morph.loaded()
    sentence_ends = set()
    for sentence in UNPUNCTUATED_SENTENCES:
        sentence_ends.add(text.index(sentence) + len(sentence))
    assert all(span.end in sentence_ends for span in spans)  # Kiwi cuts only at verb endings…
    assert len(spans) >= len(UNPUNCTUATED_SENTENCES) - 2  # …and finds nearly all of them
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_sentences_agree_with_kiwi_on_the_korean_corpus() -> None:
    """Inside each paragraph, after the dateline, the rule cuts where Kiwi cuts, but keeps a quotation whole."""
    documents = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    agreed = total = 0
    for document in (d for d in documents if d["language"] == "ko"):
        text = document["text"]
        ours = {s.end for s in rules.sentences(text)}
        for start, end in morph.sentence_bounds(text):
            piece = text[start:end].rstrip()
            if "\n" in piece or piece.count('"') % 2:
                continue  # Kiwi joins lines, or cuts inside a quotation: the rule does neither on purpose
            total += 1
            agreed += start + len(piece) in ours
    assert total > 250
    assert agreed / total >= 0.99


def test_sentences_kiwi_is_one_instance_that_keeps_gazetteer_places_whole() -> None:
    analyser = morph.kiwi()
    assert morph.kiwi() is analyser
    tokens = analyser.tokenize("탈북민 4명이 므앙씽에서 체포됐고 5명은 룽징에서 붙잡혔다")
    found = [(t.form, t.tag) for t in tokens]
    assert ("므앙씽", "NNP") in found and ("룽징", "NNP") in found  # a bare Kiwi reads both as common nouns
