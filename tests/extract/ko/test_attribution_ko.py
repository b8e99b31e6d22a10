"""Who Korean copy attributes its facts to, and who holds the people (authorities)."""

from __future__ import annotations

import pytest

from refwatch.extract.ko import rules

ATTRIBUTIONS = [
    ("대북 소식통에 따르면 이들은 지난 4일 체포됐다.", ["대북 소식통"]),
    ("12일 외교 소식통과 현지 인권단체에 따르면 이들은 석방됐다.", ["외교 소식통", "현지 인권단체"]),
    ("태국 치앙라이 경찰에 따르면 이들은 지난 11일 체포됐다.", ["태국 치앙라이 경찰"]),
    ("이들의 탈북을 도운 선교단체 관계자에 따르면 일행은 모두 9명이다.", ["선교단체 관계자"]),
    ("통일부 당국자는 \"관련 동향을 주시하고 있다\"고 말했다.", ["통일부 당국자"]),
    (
        "(서울=한누리통신) 박지훈 기자 = 인권단체 국경지킴이는 3일 \"이들이 북송됐다\"고 밝혔다.",
        ["인권단체 국경지킴이"],
    ),
    ("이들은 지난 1일 북송됐다고 현지 소식통이 5일 전했다.", ["현지 소식통"]),
    ("탈북민 5명이 체포됐다고 대북 인권단체가 25일 밝혔다.", ["대북 인권단체"]),
    ("북한 내부 사정에 밝은 소식통은 7일 본지에 \"이들이 노동교화형을 받았다\"고 전했다.", ["소식통"]),
    ("한 대북 소식통은 \"북송은 시간문제\"라고 말했다.", ["대북 소식통"]),
    ("지난달 말에는 투먼에서도 열 명이 붙잡혔다고 소식통은 덧붙였다.", ["소식통"]),
    ("이들은 경찰 조사에서 \"한국으로 가고 싶다\"고 진술했다.", []),
    ("단둥의 한 소식통은 12일 '이들 중 한 명은 20대'라고 말했습니다.", ["소식통"]),
    ("태국 경찰은 지난 7일 탈북민 14명을 붙잡았다.", []),
]


@pytest.mark.parametrize(("sentence", "sources"), ATTRIBUTIONS)
def test_attribution_sources_as_named(sentence: str, sources: list[str]) -> None:
    assert [span.text for span in rules.attributions(sentence)] == sources


def test_attribution_span_offsets_point_at_the_source() -> None:
    sentence = "24일 현지 경찰에 따르면 이들은 체포됐다."
    (span,) = rules.attributions(sentence)
    assert sentence[span.start : span.end] == span.text == "현지 경찰"


AUTHORITIES = [
    ("이들은 중국 변방 공안에 체포됐다.", ["Chinese border police"]),
    ("이들은 창바이 변방대에 구금돼 있었다.", ["Chinese border police"]),
    ("라오스 경찰은 이들을 국경으로 데려갔다.", ["Lao police"]),
    ("태국 이민국 경찰은 방콕의 주택을 급습했다.", ["Thai immigration police"]),
    ("베트남 국경수비대는 이들을 중국 측으로 돌려보냈다.", ["Vietnamese border guards"]),
    ("베트남 북부 몽까이에서 현지 공안에 체포됐다.", ["Vietnamese police"]),
    ("라오스 북부 국경지대에서 현지 경찰에 체포됐다.", ["Lao police"]),
    ("옌지시 공안국은 은신처를 수색했다.", ["Yanji public security bureau"]),
    ("캄보디아 이민국은 이들을 석방했다.", ["Cambodian immigration"]),
    ("일본 해상보안청은 목선을 발견했다.", ["Japan Coast Guard"]),
    ("중국이 지난 9일 탈북민들을 한꺼번에 북송했다.", ["China"]),
    ("회령시 인민재판소는 이들에게 노동교화형을 선고했다.", ["Hoeryong People's Court"]),
    ("이들은 북한 보위부에 넘겨졌다.", []),
    ("혜산에서 압록강을 건너려던 주민 4명이 국경경비대에 체포됐다.", ["North Korean border guards"]),
    ("북한 주민 5명이 현지 공안에 체포됐다.", ["Chinese police"]),
    ("우리 정부와 외교부는 중국 측에 협조를 요청했다.", []),
]


@pytest.mark.parametrize(("sentence", "names"), AUTHORITIES)
def test_attribution_authorities_in_english(sentence: str, names: list[str]) -> None:
    assert [span.text for span in rules.authorities(sentence)] == names
