"""The Korean word lists behind the finders, kept apart from the grammar so they can grow.

The three large lists live in tab-separated files beside this module (`triggers.tsv`,
`authorities.tsv`, `cues.tsv`) so that a monitor who reads Korean can add a word without
reading Python; the small closed tables (numerals, countries, kinship words) are below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from refwatch.extract.regex_guard import first_characters, guarded


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    kind: str
    pattern: re.Pattern[str]
    gloss: str
    # The characters a match can begin with (None: any), so a scan tries only the entries that can match.
    first: frozenset[str] | None = None


def _rows(filename: str) -> list[list[str]]:
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def trigger_entries() -> tuple[LexiconEntry, ...]:
    return tuple(
        LexiconEntry(kind, re.compile(pattern), note, first_characters(pattern))
        for kind, pattern, note in _rows("triggers.tsv")
    )


@cache
def any_trigger() -> re.Pattern[str]:
    """All trigger patterns in one alternation: where some event word starts (the kind comes after)."""
    return guarded("|".join(f"(?:{entry.pattern.pattern})" for entry in trigger_entries()))


@cache
def authority_entries() -> tuple[LexiconEntry, ...]:
    """(default country, body pattern, English body), in file order."""
    rows = _rows("authorities.tsv")
    return tuple(LexiconEntry(country, re.compile(pattern), body) for pattern, body, country in rows)


_CUE_ORDER = ("negative", "risk", "people", "event")


@cache
def cue_pattern() -> re.Pattern[str]:
    """One alternation with a named group per cue class, so a text is scanned once.

    Where two classes match at the same place the first listed wins: policy before risk before
    people before events, so "강제북송 중단" counts as negative, "강제북송될 위기" as risk (not as
    the returnees of "북송된"), and "북송" alone as an event. The "event" class is the trigger
    lexicon itself, so a word added there is a cue too.
    """
    groups: dict[str, list[str]] = {kind: [] for kind in _CUE_ORDER}
    for kind, pattern in _rows("cues.tsv"):
        groups.setdefault(kind, []).append(pattern)
    groups["event"] = [entry.pattern.pattern for entry in trigger_entries()]
    alternatives = (f"(?P<{kind}>{'|'.join(patterns)})" for kind, patterns in groups.items() if patterns)
    return guarded("|".join(alternatives))


# --- numerals -----------------------------------------------------------------------------------
# Native Korean numbers as they stand before a counter (세 명, 열두 명, 스무 명) and alone as
# nouns (미성년자가 다섯이었다). Sino-Korean digits come as Arabic numerals in news copy.
NATIVE_UNITS = {"한": 1, "두": 2, "세": 3, "석": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
NATIVE_UNIT_NOUNS = {"하나": 1, "둘": 2, "셋": 3, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
NATIVE_TENS = {
    "열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60, "일흔": 70, "여든": 80, "아흔": 90,
}
# Approximate native numbers: two or three, three or four… (no single value).
NATIVE_RANGES = ("두세", "두서너", "서너", "너덧", "네댓", "대여섯", "예닐곱", "일고여덟", "여남은")
SINO_MULTIPLIERS = {"십": 10, "백": 100, "천": 1_000, "만": 10_000}
# 수십 명 "dozens", 수백 명 "hundreds": vague, no value.
VAGUE_AMOUNTS = ("수십만", "수십", "수백", "수천", "수만", "십수", "몇십", "몇백", "여러", "다수의", "수많은")

# Counters that count people. 가족 and 가구 count households, not people (세 가족 is no count).
PEOPLE_COUNTERS = ("명", "사람", "식구", "분")

# --- people --------------------------------------------------------------------------------------
# Words for minors; 청소년 ("youth", up to 24 in Korean law) is left out on purpose.
MINOR_NOUNS = (
    "어린이", "어린 아이", "남자아이", "여자아이",
    "아이들", "아이", "아동", "미성년자", "영유아", "영아", "유아", "갓난아기", "신생아",
    "아기", "소년", "소녀", "여아", "남아", "초등학생", "중학생", "꼬마",
)
# Nouns a child's age stands before: 열네 살 소녀, 두 살배기 딸, 생후 11개월 된 영아.
AGED_PERSON_NOUNS = (
    "여자아이", "남자아이", "여자 아이", "남자 아이", "딸아이", "아이", "아기", "아들", "딸", "소녀", "소년",
    "여학생", "남학생", "학생", "영아", "유아", "손자", "손녀", "조카", "동생", "어린이", "남아", "여아",
)
# Kinship and gender words that name one person inside a list (30대 부부와 두 살배기 딸, 이웃 남성).
SINGLE_PERSON_NOUNS = (
    "남편", "아내", "부인", "어머니", "아버지", "엄마", "아빠", "딸", "아들", "동생", "언니", "오빠", "누나",
    "할머니", "할아버지", "손자", "손녀", "조카", "며느리", "사위", "남성", "여성", "남자", "여자", "여동생", "남동생",
)  # 형 (elder brother) is left out: it is also the 형 of 징역형 and 4년형.
# Two people in one word (형제, 자매 and 남매 name siblings of any number; 모자 is also "hat").
PAIR_NOUNS = ("노부부", "부부", "모녀", "부녀")
# Words that qualify a counted noun without changing who is counted (성인 여성 4명, 탈북민 일가족 3명).
PERSON_MODIFIERS = (
    "성인", "어른", "여성", "남성", "남자", "여자", "어린이", "아이", "미성년자", "종업원", "지배인", "노동자", "주민",
    "탈북민", "탈북자", "탈북", "청소년", "노인", "청년", "학생", "일가족", "가족", "일행", "탑승자", "선원", "어민",
    "군인", "병사", "고아", "북한", "북한인", "여성들", "남성들", "나머지", "생존자", "수감자", "자녀", "초등학생",
    "중학생", "남자아이", "여자아이", "아들", "딸", "손자", "손녀", "조카", "형제", "자매", "남매",
    "소녀", "소년", "아동", "영아", "유아", "남아", "여아",
)
# People who are not the North Koreans the report is about: helpers, officials, foreigners.
THIRD_PARTIES = (
    "목사", "선교사", "브로커", "운전기사", "운전사", "기사", "조선족", "한족", "중국인", "한국인", "태국인",
    "베트남인", "라오스인", "러시아인", "일본인", "미국인", "외국인", "집주인", "알선책", "안내인", "가이드",
    "활동가", "기자", "통역", "대표", "관계자", "당국자", "변호인", "변호사", "교수", "의원", "대변인", "소장",
    "국장", "영사",
)
SURNAMES = (
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류",
    "유", "전", "홍", "고", "문", "양", "손", "배", "백", "허", "남", "심", "노", "하", "곽", "성", "차", "주", "우",
    "구", "민", "진", "지", "엄", "채", "원", "천", "방", "공", "현", "함", "변", "염", "여", "추", "도", "소", "석",
    "선", "설", "마", "길", "연", "위", "표", "명", "기", "반", "라", "리", "왕", "금", "옥", "육", "인", "맹", "제",
    "모", "탁", "국", "은", "편", "용", "예", "경", "봉", "부", "태",
)

# --- countries -----------------------------------------------------------------------------------
# Korean country words (and the one-character headline forms) → ISO code.
COUNTRY_WORDS = {
    "중국": "CN", "中": "CN", "베트남": "VN", "라오스": "LA", "태국": "TH", "캄보디아": "KH", "몽골": "MN",
    "러시아": "RU", "露": "RU", "미얀마": "MM", "버마": "MM", "일본": "JP", "日": "JP", "북한": "KP", "北": "KP",
    "한국": "KR", "남한": "KR", "국내": "KR", "필리핀": "PH", "말레이시아": "MY", "인도네시아": "ID",
    "키르기스스탄": "KG", "우즈베키스탄": "UZ", "카자흐스탄": "KZ", "싱가포르": "SG",
}
NATIONALITY_ADJECTIVES = {
    "CN": "Chinese", "VN": "Vietnamese", "LA": "Lao", "TH": "Thai", "KH": "Cambodian", "MN": "Mongolian",
    "RU": "Russian", "MM": "Burmese", "JP": "Japanese", "KP": "North Korean", "PH": "Philippine", "MY": "Malaysian",
    "ID": "Indonesian", "KG": "Kyrgyz", "UZ": "Uzbek", "KZ": "Kazakh", "SG": "Singaporean",
}
COUNTRY_NAMES = {
    "CN": "China", "VN": "Vietnam", "LA": "Laos", "TH": "Thailand", "KH": "Cambodia", "MN": "Mongolia",
    "RU": "Russia", "MM": "Myanmar", "JP": "Japan", "KP": "North Korea", "PH": "Philippines", "MY": "Malaysia",
    "ID": "Indonesia", "KG": "Kyrgyzstan", "UZ": "Uzbekistan", "KZ": "Kazakhstan", "SG": "Singapore",
}

# --- attribution ---------------------------------------------------------------------------------
# Verbs that close a reported statement (…고 밝혔다, …라고 전했습니다).
SPEECH_VERBS = (
    "밝혔", "전했", "말했", "덧붙였", "주장했", "설명했", "강조했", "우려했", "호소했", "지적했", "내다봤", "보도했",
    "발표했", "확인했", "촉구했", "요구했", "비판했", "증언했", "진술했", "알렸", "공개했", "폭로했", "언급했",
    "답했", "했", "보고했", "전망했", "분석했", "규탄했", "경고했", "토로했", "하소연했", "귀띔했", "털어놨", "소개했",
)
