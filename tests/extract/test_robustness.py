"""Any text yields a result or a per-report error, never an exception (property-based)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refwatch.extract import extract
from refwatch.types import Extraction, Report

_PIECES = st.sampled_from([
    "North Koreans", "detained", "탈북민", "체포됐다", "on Oct. 23", "지난 20일", "\u200f", "\u202e", "\ufeff",
    "more than 500", "600여 명", "the 21st", "Tumen", "단둥", "sent back", "\x00", "\n\n", "...", "—", "'s",
])
_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=60).map(" ".join),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, language=st.sampled_from([None, "en", "ko", "fr"]),
       published=st.sampled_from([None, "2019-10-30", "2015-06", "2024", "not a date"]))
def test_robustness_any_text_gives_a_result(text: str, language: str | None, published: str | None) -> None:
    result = extract(Report(text=text, language=language, published=published), "p")
    assert isinstance(result, Extraction)
    assert "RW502" not in (result.error or ""), result.error  # unreadable text is an error; a broken stage never
    for event in result.events:
        assert event.evidence in result.events[0].evidence or event.evidence  # evidence is always a string
        assert 0.0 <= event.confidence <= 1.0


def test_robustness_a_brief_of_short_lines_is_coded() -> None:
    """Every sentence shorter than a lead line: the whole brief is the lead (this once broke the background stage)."""
    for text, language in (("탈북민 5명 체포. 북송 위기.", "ko"), ("5 defectors caught. Risk of return.", "en")):
        result = extract(Report(text=text, language=language, published="2024-05-01"), "brief")
        assert result.error is None, result.error


def test_robustness_a_publication_date_that_is_no_date_is_dropped_with_a_note() -> None:
    text = "Chinese police detained five North Koreans in Shenyang last Friday, a source said."
    for published, kept in (("not a date", None), ("2024-13-45", None), ("2024-05-01T08:00:00Z", "2024-05-01")):
        result = extract(Report(text=text, language="en", published=published), "when")
        assert result.error is None, result.error
        assert any(e.type == "detained" for e in result.events)
        assert any(repr(published) in note for note in result.extras.get("notes", [])), result.extras
        dates = {e.date for e in result.events if e.type == "detained"}
        assert dates == ({None} if kept is None else {"2024-04-26"}), dates


def test_robustness_a_megabyte_of_text_is_cut_and_coded() -> None:
    paragraph = "Vietnamese border guards detained 11 North Koreans in Lang Son province on Oct. 26. " * 40 + "\n\n"
    text = paragraph * (1_000_000 // len(paragraph) + 1)
    result = extract(Report(text=text, language="en", published="2019-10-30"), "big")
    assert result.error is None and result.relevant
    assert "notes" in result.extras


def test_robustness_right_to_left_marks_and_mixed_scripts() -> None:
    text = "\u200fVietnamese border guards\u202e detained 11 North Koreans 탈북민 in Lang Son province on Oct. 26."
    result = extract(Report(text=text, language="en", published="2019-10-30"), "rtl")
    assert result.error is None
    assert any(e.type == "detained" and e.count == 11 for e in result.events)
