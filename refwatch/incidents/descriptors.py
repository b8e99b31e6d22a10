"""Distinctive descriptors of a group, as language-neutral concepts.

"An army captain", "a family with a baby", "restaurant workers", "a fishing boat": a monitor
recognises a group by such details long before the numbers agree. Each concept has an English
and a Korean pattern, so an English rewrite and a Korean wire story of the same group share
the concept even though they share no word.
"""

from __future__ import annotations

import re

_CONCEPTS: dict[str, tuple[str, str]] = {
    "infant": (r"\b(?:bab(?:y|ies)|infants?|newborns?|toddlers?|\d{1,2}-month-old)\b",
               r"영아|아기|갓난|젖먹이|생후\s?\d+\s?개월|두\s?살배기|돌배기"),
    "child": (r"\b(?:child|children|boys?|girls?|minors?|(?:[1-9]|1[0-7]|one|two|three|four|five|six|seven|eight|"
              r"nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)-year-old)\b",
              r"어린이|아동|남자\s?아이|여자\s?아이|소년|소녀|미성년|\d{1,2}\s?살|\d{1,2}세\s"),
    "soldier": (r"\b(?:soldiers?|army|captain|lieutenant|sergeant|officer|troops?|military\s+(?:officer|defector))\b",
                r"군인|병사|장교|대위|중위|소위|하전사|인민군"),
    "family": (r"\b(?:famil(?:y|ies)|mother|father|husband|wife|siblings?|daughter|son|grandmother|grandfather)\b",
               r"가족|식구|모녀|모자|부자|부부|남매|자매|형제|어머니|아버지|딸|아들"),
    "restaurant": (r"\b(?:restaurants?|waitress(?:es)?|waiters?)\b", r"식당|종업원"),
    "student": (r"\b(?:students?|university|college)\b", r"학생|대학"),
    "boat": (r"\b(?:boats?|vessels?|fishing|fishermen|ship)\b", r"목선|어선|선박|배를\s?타|어민|해상"),
    "river": (r"\b(?:drown(?:ed|ing)?|river|ice)\b", r"익사|물에\s?빠|강을\s?건너|강물|두만강|압록강|메콩강"),
    "pregnant": (r"\bpregnan(?:t|cy)\b", r"임신|임산부"),
    "elderly": (r"\b(?:elderly|in (?:his|her) (?:60s|70s|sixties|seventies))\b", r"노인|고령|할머니|할아버지"),
    "worker": (r"\b(?:workers?|labou?rers?|logging)\b", r"노동자|근로자|파견"),
    "diplomat": (r"\b(?:diplomats?|envoy)\b", r"외교관"),
    "helper": (r"\b(?:missionar(?:y|ies)|pastor|brokers?|smugglers?)\b", r"선교사|목사|브로커"),
    "mission": (r"\b(?:embass(?:y|ies)|consulates?)\b", r"대사관|영사관"),
    "airport": (r"\bairports?\b", r"공항"),
    "bus": (r"\b(?:bus(?:es)?|train|railway|station)\b", r"버스|기차|열차|역에서|터미널"),
    "hunger_strike": (r"\bhunger strike\b", r"단식"),
    "suicide": (r"\b(?:suicide|poison|took (?:his|her|their) own li(?:fe|ves))\b", r"자살|독약|극단적\s?선택"),
    "hideout": (r"\b(?:safe ?house|hide-?out|hiding|apartment|guesthouse)\b", r"은신처|숙소|아파트|은거"),
    "camp": (r"\b(?:labou?r camp|prison camp|political prison|executed|execution)\b",
             r"수용소|교화소|관리소|처형"),
}

# One alternation per language with a named group per concept: a single scan of the text.
# English runs over lower-cased text, and only where a word starts (five times faster).
_ENGLISH_CONCEPTS = re.compile(
    r"(?=\b[a-z0-9])(?:" + "|".join(f"(?P<{name}>{en})" for name, (en, _ko) in _CONCEPTS.items()) + ")"
)
_KOREAN_CONCEPTS = re.compile("|".join(f"(?P<{name}>{ko})" for name, (_en, ko) in _CONCEPTS.items()))
_LATIN = re.compile(r"[A-Za-z]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")

# Concepts most reports about a group share carry little evidence; the rest are distinctive.
COMMON = frozenset({"family", "child", "mission"})


def descriptors_in(text: str) -> frozenset[str]:
    """The concepts named anywhere in `text`, in either language."""
    found: set[str | None] = set()
    if _LATIN.search(text):
        found.update(m.lastgroup for m in _ENGLISH_CONCEPTS.finditer(text.lower()))
    if _HANGUL.search(text):
        found.update(m.lastgroup for m in _KOREAN_CONCEPTS.finditer(text))
    return frozenset(name for name in found if name)


_DIGITS = re.compile(r"\d[\d,]*")
_ENGLISH_NUMBERS = {
    word: value for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_ENGLISH_WORD = re.compile(r"\b(" + "|".join(_ENGLISH_NUMBERS) + r")\b", re.IGNORECASE)
_KOREAN_NUMBERS = {
    "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "스무": 20,
}
_KOREAN_COUNTED = re.compile(r"(두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무)\s?(?:명|가족|식구|살)")


def numbers_in(text: str) -> frozenset[int]:
    """Numbers from 2 up that a text names in digits or words, years left out.

    Two reports about one group tend to repeat its head count and the day of its arrest, in
    digits or in words, whatever the language; extraction may miss them, the text still has them.
    """
    found: set[int] = set()
    for match in _DIGITS.finditer(text):
        value = int(match.group().replace(",", ""))
        if not 1900 <= value <= 2100:
            found.add(value)
    found.update(_ENGLISH_NUMBERS[m.group(1).lower()] for m in _ENGLISH_WORD.finditer(text))
    found.update(_KOREAN_NUMBERS[m.group(1)] for m in _KOREAN_COUNTED.finditer(text))
    return frozenset(v for v in found if v >= 2)


_CORRECTION_EN = re.compile(
    r"turned out to be (?:wrong|false|untrue)|(?:was|were|is) (?:wrong|false|untrue|incorrect)\b|not true\b|"
    r"\bdenied\b|\bcontrary to\b|\bcontradicts?\b|\b(?:has|have|had) not been (?:handed|sent|returned|"
    r"repatriated|transferred|deported)|\b(?:was|were) never\b|\bfalse reports?\b|\brumou?rs?\b|"
    r"\b(?:early|earlier|initial|previous) reports\b|\bcorrect(?:ed|ion)\b",
    re.IGNORECASE,
)
_CORRECTION_KO = re.compile(
    r"사실이\s?아닌|사실무근|오보|잘못\s?알려|부인했|정정|와\s?달리|과\s?달리|초기\s?보도|앞선\s?보도|"
    r"보도가\s?나왔으나|아직\s?(?:북송|송환|이송)되지\s?않"
)

_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n+")
_TYPE_WORDS = {
    "transferred": (r"handed (?:over|to)|transferr|moved to|sent to china|turned over",
                    r"넘겨|넘긴|인계|이송|이감"),
    "repatriated": (r"repatriat|sent back|send back|returned to (?:north korea|the north)"
                    r"|handed (?:over )?to north korea|handed (?:over|back)|deport",
                    r"북송|송환|돌려보내"),
    "died": (r"\bdied\b|drown|\bdead\b|deaths?\b|killed", r"숨졌|숨진|사망|익사|시신"),
    "released": (r"releas|freed", r"석방|풀려"),
    "arrived": (r"arriv|reached", r"도착|입국"),
    "detained": (r"arrest|detain|caught|captured", r"체포|구금|붙잡|검거"),
    "sentenced": (r"sentenc|fined|convicted", r"선고|벌금|판결"),
}
_TYPE_PATTERNS = {
    kind: (re.compile(en, re.IGNORECASE), re.compile(ko)) for kind, (en, ko) in _TYPE_WORDS.items()
}


def disputed_types(text: str) -> frozenset[str]:
    """Event types that the report says earlier reports got wrong.

    A sentence saying a report was wrong ("turned out to be wrong", "사실이 아닌 것으로") and the
    sentence before it are searched for words of each event type: "reports that they had been
    handed over to China turned out to be wrong" disputes `transferred`. Used with the coded
    facts only: the report must also leave that step out, or give another count, to count as
    a refutation or a correction.
    """
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    found: set[str] = set()
    for index, sentence in enumerate(sentences):
        if not (_CORRECTION_EN.search(sentence) or _CORRECTION_KO.search(sentence)):
            continue
        window = " ".join(sentences[max(0, index - 1) : index + 1])
        for kind, (english, korean) in _TYPE_PATTERNS.items():
            if english.search(window) or korean.search(window):
                found.add(kind)
    return frozenset(found)
