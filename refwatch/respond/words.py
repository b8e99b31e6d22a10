"""The few public words alerts, pages and share texts need in English and Korean.

Status labels follow the codebook's event types; country names cover the states where North
Koreans are caught, held or reach safety. Unknown codes fall back to the code itself.
"""

from __future__ import annotations

LANGUAGES = ("en", "ko")

STATUS_LABELS: dict[str, dict[str, str]] = {
    "detained": {"en": "detained", "ko": "체포·구금됨"},
    "at_risk": {"en": "at risk of forced return", "ko": "강제북송 위기"},
    "transferred": {"en": "moved toward the border", "ko": "국경 쪽으로 이송됨"},
    "sentenced": {"en": "sentenced", "ko": "처벌 결정"},
    "repatriated": {"en": "forcibly returned to North Korea", "ko": "북한으로 강제북송됨"},
    "released": {"en": "released", "ko": "석방됨"},
    "arrived": {"en": "arrived safely", "ko": "안전하게 도착함"},
    "died": {"en": "died", "ko": "사망"},
    "unknown": {"en": "situation unclear", "ko": "상황 불명"},
}

COUNTRY_NAMES: dict[str, dict[str, str]] = {
    "CN": {"en": "China", "ko": "중국"},
    "VN": {"en": "Vietnam", "ko": "베트남"},
    "LA": {"en": "Laos", "ko": "라오스"},
    "TH": {"en": "Thailand", "ko": "태국"},
    "KH": {"en": "Cambodia", "ko": "캄보디아"},
    "MM": {"en": "Myanmar", "ko": "미얀마"},
    "MN": {"en": "Mongolia", "ko": "몽골"},
    "RU": {"en": "Russia", "ko": "러시아"},
    "KP": {"en": "North Korea", "ko": "북한"},
    "KR": {"en": "South Korea", "ko": "한국"},
    "JP": {"en": "Japan", "ko": "일본"},
    "US": {"en": "the United States", "ko": "미국"},
}


def language(code: str | None) -> str:
    """`ko` for Korean, `en` for anything else: the two languages every text exists in."""
    return "ko" if (code or "").lower().startswith("ko") else "en"


def status_label(status: str, lang: str) -> str:
    return STATUS_LABELS.get(status, {}).get(language(lang), status)


def country_name(code: str | None, lang: str) -> str:
    if not code:
        return ""
    return COUNTRY_NAMES.get(code.upper(), {}).get(language(lang), code.upper())


def people_phrase(low: int | None, high: int | None, lang: str) -> str:
    """'10 people', '8–10 people', 'at least 3 people', or 'a group' when nobody knows."""
    ko = language(lang) == "ko"
    if low is None and high is None:
        return "일행" if ko else "a group of people"
    if low is not None and high is not None and low != high:
        return f"{low}~{high}명" if ko else f"{low}–{high} people"
    if low is not None and high is None:
        return f"{low}명 이상" if ko else f"at least {low} people"
    count = high if low is None else low
    if ko:
        return f"{count}명" if low is not None else f"최대 {count}명"
    noun = "person" if count == 1 else "people"
    return f"{count} {noun}" if low is not None else f"up to {count} {noun}"


# Korean names of places where groups are most often caught or moved (GeoNames English → Korean),
# for alerts and share texts in Korean; unknown places keep their English name.
PLACE_NAMES_KO: dict[str, str] = {
    "Shenyang": "선양", "Dandong": "단둥", "Yanji": "옌지", "Tumen": "투먼", "Hunchun": "훈춘",
    "Changbai": "창바이", "Helong": "허룽", "Longjing": "룽징", "Changchun": "창춘", "Jilin": "지린",
    "Harbin": "하얼빈", "Mudanjiang": "무단장", "Dalian": "다롄", "Qingdao": "칭다오", "Beijing": "베이징",
    "Shanghai": "상하이", "Kunming": "쿤밍", "Nanning": "난닝", "Mong Cai": "몽까이", "Hanoi": "하노이",
    "Ho Chi Minh City": "호찌민", "Vientiane": "비엔티안", "Bangkok": "방콕", "Chiang Rai": "치앙라이",
    "Phnom Penh": "프놈펜", "Ulaanbaatar": "울란바토르", "Vladivostok": "블라디보스토크",
}


def place_ko(place: str | None) -> str | None:
    return PLACE_NAMES_KO.get(place or "")
