"""Background versus main events, and the group carried across sentences (both languages)."""

from __future__ import annotations

from refwatch.extract import extract, raise_error
from refwatch.types import Report


def _code(text: str, language: str, published: str) -> list[tuple[str, bool, int | None, str | None]]:
    result = extract(Report(text=text, language=language, published=published), "c", on_error=raise_error)
    return [(e.type, e.background, e.count, e.date) for e in result.events]


def test_context_earlier_case_recalled_is_background() -> None:
    text = ("China sent about 50 North Koreans back across the border at Dandong on Friday, an official said. "
            "The return follows the repatriation of about 600 North Koreans in a single night last October.")
    events = _code(text, "en", "2024-04-30")
    assert ("repatriated", False, 50, "2024-04-26") in events
    assert ("repatriated", True, 600, "2023-10") in events


def test_context_recap_of_the_same_group_stays_main() -> None:
    text = ("Eleven North Korean adults were fined by a court in Chiang Rai on Aug. 18. "
            "The eleven were part of a group of fourteen who were arrested on Aug. 7 near Chiang Saen.")
    events = _code(text, "en", "2016-08-26")
    assert ("detained", False, 14, "2016-08-07") in events


def test_context_korean_background_cue() -> None:
    text = ("중국 당국이 지난 26일 단둥 해관을 통해 탈북민 60명 이상을 북측에 넘겼다고 단체가 29일 밝혔다.\n\n"
            "중국은 지난해 10월에도 탈북민 600여 명을 한꺼번에 북송했다.")
    events = _code(text, "ko", "2024-04-29")
    assert ("repatriated", False, 60, "2024-04-26") in events
    assert any(t == "repatriated" and bg and count == 600 for t, bg, count, _ in events)


def test_context_group_count_and_children_fill_later_sentences() -> None:
    text = ("Vietnamese border guards detained 11 North Koreans in Lang Son province on Oct. 26. "
            "Vietnam released them on Nov. 20. Seven of the eleven are women and one is a nine-year-old boy.")
    result = extract(Report(text=text, language="en", published="2019-12-05"), "g", on_error=raise_error)
    released = next(e for e in result.events if e.type == "released")
    assert (released.count, released.country, released.date) == (11, "VN", "2019-11-20")
