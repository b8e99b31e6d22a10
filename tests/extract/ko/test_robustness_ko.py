"""No input makes the Korean finders raise: empty, huge, garbage, mixed scripts, bidi marks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from refwatch.extract.ko import rules

_KOREAN_BITS = st.sampled_from(
    ["탈북민", " 3명", "이 ", "지난 ", "21일", "체포됐다", ".", '"', "“", "”", "(", ")", "북송될 위기", "열네 살",
     "\u200f", "\u202e", "\n", "ㄱ", "가운데", "씨", "A", "2024년", "∼", "여 명", "같은 달", "에 따르면", "밝혔다"]
)
_TEXTS = st.one_of(st.text(max_size=300), st.lists(_KOREAN_BITS, max_size=60).map("".join))


def _run_everything(text: str) -> None:
    for span in rules.sentences(text):
        assert text[span.start : span.end] == span.text
    sentence = text[:2000]
    for count in rules.counts(sentence):
        assert sentence[count.start : count.end] == count.text
    for published in (None, "2024-02-29", "2024-01", "not a date"):
        rules.dates(sentence, published)
    for trigger in rules.triggers(sentence):
        assert sentence[trigger.start : trigger.end] == trigger.text
    rules.authorities(sentence)
    rules.attributions(sentence)
    rules.relevance_cues(text)
    rules.place_roles(sentence, [])
    rules.background_cue(sentence), rules.refers_to_group(sentence), rules.hedged(sentence), rules.refutes(sentence)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_robustness_any_text_never_raises(text: str) -> None:
    _run_everything(text)


def test_robustness_a_megabyte_of_news_copy() -> None:
    text = ("중국 공안은 지난 3일 탈북민 12명을 체포했다고 소식통이 전했다.\n" * 30_000)[:1_000_000]
    lines = text.count("\n")
    assert len(rules.sentences(text)) == lines + 1
    assert rules.relevance_cues(text)["people"] >= lines


def test_robustness_a_megabyte_without_punctuation_or_spaces() -> None:
    text = "탈북민체포북송" * 150_000
    spans = rules.sentences(text)
    assert "".join(s.text for s in spans) == text
    _run_everything(text[:2000])


def test_robustness_days_that_do_not_exist_give_no_date() -> None:
    assert rules.dates("2월 30일 체포됐다.", "2024-03-01") == []
    assert rules.dates("지난 31일 체포됐다.", "2024-03-01") == []  # February has no 31st
    assert rules.dates("13월 2일", "2024-03-01") == []
