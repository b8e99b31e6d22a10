import pytest

from refwatch.text.language import detect_language


@pytest.mark.parametrize(("text", "expected"), [
    ("중국 당국이 구금 중이던 탈북민 60명 이상을 강제송환했다는 주장이 제기됐다.", "ko"),
    ("China sent roughly 600 North Korean escapees back across the border on Monday night.", "en"),
    ("La police a arrêté dix personnes à la frontière, selon les autorités locales ce mardi.", "other"),
    ("탈북민 11명", "ko"),
    ("12345 67890", "other"),
])
def test_language_detects_korean_english_and_other(text, expected):
    assert detect_language(text) == expected


def test_language_survives_control_characters_and_surrogates():
    assert detect_language("North Koreans detained\x00\x01 in Dandong \ud800 by police on Friday") == "en"


def test_language_quick_mode_counts_scripts():
    assert detect_language("북한 주민 탈북 기사 with some English words", quick=True) == "ko"
    assert detect_language("Markets rose on Tuesday 코스피", quick=True) == "en"
    assert detect_language("12345 67890", quick=True) == "other"
