"""How many people a Korean sentence speaks of, with qualifier, children and sub-groups.

Finds counted nouns (탈북민 60명 이상, 20여 명, 일곱 명, 세 식구, 시신 3구), vague amounts
(수십 명, 여러 명: no value), children by noun or age (어린이 4명, 미성년자 두 명, 14살 여학생,
두 살배기 딸, 생후 11개월 된 영아), single named people (김모(34) 씨, A씨, 40대 남성) and lists
that add up (여성 3명과 남성 2명 → 5; 30대 부부와 한 살배기 딸 → 3, one of them a child).

Who is counted matters as much as the number: a helper or an official (한국인 목사 A씨, 대표
최모 씨) or someone quoted (B씨는 "…") is not one of the people the event concerns; a group
inside a larger one (어린이 4명을 포함한…, 어린이 4명도) is marked `part`; a list followed by
its own total (…등 3명, …등 세 식구) takes that total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from refwatch.extract.ko.lexicon import (
    AGED_PERSON_NOUNS,
    MINOR_NOUNS,
    NATIVE_RANGES,
    PAIR_NOUNS,
    PERSON_MODIFIERS,
    SINGLE_PERSON_NOUNS,
    SURNAMES,
    THIRD_PARTIES,
    VAGUE_AMOUNTS,
)
from refwatch.extract.ko.numerals import DIGITS, NATIVE, NATIVE_NOUN, SINO_WORD, parse_number
from refwatch.extract.mentions import CountMention
from refwatch.extract.regex_guard import guarded
from refwatch.types import CountQualifier

ADULT_AGE = 18


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_PREFIX_QUALIFIERS: dict[str, CountQualifier] = {
    "약": "about", "대략": "about", "어림잡아": "about", "줄잡아": "about", "최소한": "at_least", "최소": "at_least",
    "적어도": "at_least", "최대": "up_to", "무려": "exact", "모두": "exact", "총": "exact", "전체": "exact",
}
_SUFFIX_QUALIFIERS: dict[str, CountQualifier] = {
    "가량": "about", "쯤": "about", "정도": "about", "안팎": "about", "내외": "about", "남짓": "about", "께": "about",
    "이상": "at_least", "넘": "at_least", "이하": "up_to", "미만": "up_to", "이내": "up_to",
}
_NUMBER = (
    rf"(?:(?<![\d.,]){DIGITS}|(?<![가-힣]){NATIVE}|(?<![가-힣]){SINO_WORD}(?=\s?(?:여|명))"
    r"|(?<![가-힣])[십백천](?=\s?여))"
)
_COUNT = guarded(
    rf"(?:(?<![가-힣])(?P<pre>{_alt(tuple(_PREFIX_QUALIFIERS))})\s?)?(?P<num>{_NUMBER})(?P<yeo>\s?여)?"
    r"\s?(?:명(?!단|령|예|확|절|칭|시|동|의로|분)|사람(?!들)|식구)"
    r"(?P<post>\s?(?:가량|쯤|정도|안팎|내외|남짓|께|이상|이하|미만|이내|(?:이|을)?\s?넘(?=[는어은게겨])))?"
)
_VAGUE = guarded(rf"(?<![가-힣])(?:(?P<vague>{_alt(VAGUE_AMOUNTS)})\s?여?|(?P<few>몇))\s?(?:명|사람)")
_RANGE = guarded(
    rf"(?:{_NUMBER}\s?[∼~〜\-–]\s?{_NUMBER}|(?<![가-힣])(?:{_alt(NATIVE_RANGES)}))\s?여?\s?(?:명|사람)"
)
_BODIES = guarded(rf"(?:시신|유해|사체|시체)\s?(?P<num>{_NUMBER})\s?구")
_FAMILY_OF = guarded(rf"(?P<num>\d+|(?<![가-힣]){NATIVE})\s?인\s?가족")
_AGED = rf"(?:(?:탈북|북한|어린)\s)?(?P<noun>{_alt(AGED_PERSON_NOUNS)})"
_AGE_YEARS = guarded(
    rf"(?<![\d∼~〜\-–가-힣])(?P<age>\d{{1,2}}|{NATIVE})\s?(?:살|세)(?:배기)?(?!\s?(?:부터|까지|[∼~〜\-–]))\s?(?:의\s)?{_AGED}"
)
_AGE_MONTHS = guarded(
    rf"생후\s?(?:\d{{1,2}}|{NATIVE})\s?개월(?:\s?(?:된|짜리|의))?(?:\s?{_AGED})?"
    rf"|(?<![가-힣\d])\d{{1,2}}\s?개월\s?(?:된|짜리)\s?(?P<infant>영아|아기|유아|아이|딸|아들|남아|여아)"
)
_AGE_IN_BRACKETS = re.compile(r"(?P<noun>딸|아들|손자|손녀|조카)\s?\((?P<age>\d{1,2})\)")
_MINOR_NUMBER_NOUN = guarded(
    rf"(?<![가-힣])(?:{_alt(MINOR_NOUNS)})(?:가|이|는|은|도)?\s?(?P<num>{NATIVE_NOUN}|\d+)(?=이었|이다|였|이며|이고|\s*[,.)]|\s*$)"
)
# "아들 부부" is the son and his wife: the kin word belongs to the pair.
_PAIR = guarded(
    rf"(?:[1-9]0대\s?)?(?:탈북\s)?(?<![가-힣])(?:(?:아들|딸|자녀|손자|손녀|조카)\s?)?(?:{_alt(PAIR_NOUNS)})(?!간|사이|관계|싸움)"
)
# "A씨", "김모(34) 씨" and the wire's "A씨(38)": the age may follow the honorific.
_PERSON_SUFFIX = r"\s?씨(?:\s?\(\d{1,3}(?:세|살)?\))?(?=[은는이가의를을와과도에께,.)\s]|$)"
_SINGLE = guarded(
    rf"(?<![가-힣])(?:{_alt(SURNAMES)})모?\s?(?:\((?P<age>\d{{1,3}})\))?{_PERSON_SUFFIX}"
    rf"|(?<![A-Za-z])[A-Z]\s?(?:\((?P<age2>\d{{1,3}})\))?{_PERSON_SUFFIX}"
    rf"|(?<![\d∼~〜\-–])[1-9]0대\s?(?:탈북\s|북한\s)?(?:남성|여성|남자|여자)(?!들|\s?\d|\s?(?:{NATIVE})\s?명)"
)
_KIN = guarded(
    rf"(?:(?:[1-9]0대|이웃|[가-힣]{{1,4}}의)\s)?(?<![가-힣])(?:{_alt(SINGLE_PERSON_NOUNS)})(?![가-힣]{{2}})"
)
# Words before a counted noun that do not change who is counted, ages included ("8세·12세 남자아이 2명").
_MODIFIER_RUN = re.compile(
    rf"(?<![가-힣])(?:(?:{_alt(PERSON_MODIFIERS)}|[1-9]0대|(?<![\d])\d{{1,2}}\s?(?:세|살)[·,]?)\s?)+$"
)
_MINOR_BEFORE = re.compile(
    rf"(?<![가-힣])(?:{_alt(MINOR_NOUNS)})(?:가|이|도|는|은)?\s?(?:(?:자녀|아들|딸|남매|자매|형제)\s?)?$"
)
# "10대 청소년 2명", "10대 남성 1명": teenagers counted by the NGOs and wires as minors.
_TEEN_BEFORE = re.compile(r"(?<![\d∼~〜\-–])10대\s?(?:[가-힣]+\s?)?$")
_MINOR_AFTER = re.compile(rf"\s?의\s?(?:{_alt(MINOR_NOUNS)})(?![가-힣]{{2}})")
_THIRD_PARTY_BEFORE = re.compile(rf"(?:{_alt(THIRD_PARTIES)})\s?$")
_RESETTLED_BEFORE = re.compile(
    r"(?:국내|한국|남한|서울)에\s?(?:정착한|정착해\s?사는|사는|살고\s?있는|거주하는)\s?(?:탈북민|탈북자)?\s?$"
)
_SPEAKER_AFTER = re.compile(r"\s?(?:(?:은|는|이|가)\s?[\"“]|에\s?(?:따르면|의하면))")
# What joins listed people; "이 가운데 한 명의 딸" names a member by her mother, inside the list.
_JOINER = re.compile(
    r"\s*(?:과|와)?\s*,?\s*(?:및|그리고|하고)?\s*(?:(?:이|그)\s?(?:가운데|중)\s?(?:한|두|세|\d+)\s?명의\s?)?"
)
_POSSESSOR = re.compile(r"\s?의\s?(?:딸|아들|자녀|손자|손녀|조카|남편|아내|어머니|아버지)")
# Decades joined into one group: "30대와 50대 남성" are two men.
_DECADES = guarded(
    r"(?<![\d가-힣])(?:[1-9]0대(?:\s?(?:초반|중반|후반))?\s?(?:와|과|,|·|및)\s?)+[1-9]0대(?:\s?(?:초반|중반|후반))?\s?"
    r"(?:남성|여성|남자|여자)(?!들|\s?\d|\s?(?:한|두|세|네)\s?명)"
)
_DECADE = re.compile(r"[1-9]0대")
# "두 딸", "세 자녀", "두 아이": kin counted by a native number, summed in lists ("50대 여성과 두 딸").
_COUNTED_KIN = guarded(rf"(?<![가-힣])(?P<num>{NATIVE})\s?(?P<noun>딸|아들|자녀|손자|손녀|아이)(?:들)?(?![가-힣]{{2}})")
# "30대 여성이 7살 아들과 함께": the companion joins the subject's group.
_SUBJECT_GAP = re.compile(r"\s?(?:이|가|은|는)\s")
_WITH_AFTER = re.compile(r"\s?(?:과|와)\s?함께")
_JOINING_WORD = re.compile(r"[과와,]|및|그리고|하고")
_INCLUDED = re.compile(r"\s?(?:이|가|을|를|도)?\s?(?:\S+에\s?)?포함")
_AMONG_BEFORE = re.compile(r"(?:가운데|중|그중|이중)(?:에는|에서는|에서|에|엔)?\s?$")
_TOTAL_AFTER = re.compile(r"\s?등\s")
# A figure a follow-up report corrects: "당초 알려진 6명이 아니라 8명", "6명이 아닌 8명", "20명보다 많은 25명".
_CORRECTED = re.compile(
    r"(?:이|가)?\s?아니(?:라|고)|(?:이|가)?\s?아닌\s?(?:\S*\d|[가-힣]{1,3}\s?명)"
    r"|보다\s?(?:많은|적은|늘어난|줄어든|많|적)\s?(?:\S*\d|[가-힣]{1,4}\s?명)"  # "20명보다 많은 25명"
)
_DESCRIBED_PART = re.compile(
    rf"(?:이|그|이들|일행|\d+\s?명)\s?(?:가운데|중)(?:에는|에서)?\s?(?P<num>{_NUMBER})\s?명(?:은|이)\s"
    r"(?P<what>[^.,!?\"“”]{1,24})(?<![했됐났졌었았였혔겼렸왔갔뤘웠])"
    r"(?:이었다|였다|이다|다|이며|이고|였으며|인\s?것으로|(?:으)?로\s?(?:알려|확인|파악|전해)"
    r"|[\"”’]\s?(?:이)?라(?=고|며|면서|는)"  # the same told in a quotation: "…두 명은 초등학생"이라고
    r"|(?<![에])(?:으)?로(?=,))"  # a copula joining the next clause: "일행 중 3명은 미성년자로, 가장 어린 …"
)
_MINOR_KIN = guarded(
    rf"(?<![가-힣])(?:{_alt(MINOR_NOUNS)})\s?(?:딸|아들|자녀|손자|손녀|조카|동생)(?![가-힣]{{2}})"
)
_MINOR_WORD = re.compile(rf"(?<![가-힣])(?:{_alt(MINOR_NOUNS)})")
# "손자들은 각각 여섯 살과 네 살이다": the ages of kin told apart, one child for each age under 18.
_AGES_OF_KIN = guarded(
    r"(?<![가-힣])(?:손자|손녀|아이|자녀|아들|딸|남매|형제|자매)(?:들)?(?:은|는)\s(?:각각\s)?"
    rf"(?P<ages>(?:(?:\d{{1,2}}|{NATIVE})\s?(?:살|세)\s?(?:과|와|,|및)?\s?){{2,}})"
)
_AGE = re.compile(rf"(?P<age>\d{{1,2}}|{NATIVE})\s?(?:살|세)")
# "일곱 살과 아홉 살 조카": ages joined before one noun, one person for each age.
_SHARED_AGES = re.compile(rf"(?<![\d가-힣])(?:(?:\d{{1,2}}|{NATIVE})\s?(?:살|세)\s?(?:과|와|,|및)\s?)+$")


@dataclass(frozen=True, slots=True)
class _Item:
    """One counted phrase before lists are formed; `lead` is where its modifiers begin."""

    lead: int
    start: int
    end: int
    value: int | None
    qualifier: CountQualifier
    minors: bool
    kind: str  # "count", "vague", "age", "pair", "single", "kin"


def find_counts(sentence: str) -> list[CountMention]:
    found, described = _described_parts(sentence)
    items = _without_nested(_items(sentence))
    items = [
        i for i in items
        if not _third_party(sentence, i) and not _CORRECTED.match(sentence, i.end)
        and not any(a <= i.start < b for a, b in described)
    ]
    for run in _runs(sentence, items):
        found.extend(_emit_run(sentence, run) if len(run) > 1 else _emit_single(sentence, run[0]))
    return found


def _described_parts(sentence: str) -> tuple[list[CountMention], list[tuple[int, int]]]:
    """"이 가운데 1명은 열두 살 여자아이다": how a group is made up, not a group of its own.

    A sub-group described by a copula is a part: its number counts children when the
    description is a child ("미성년자다", "열두 살 여자아이다"), and nothing otherwise ("여성이다").
    """
    found: list[CountMention] = []
    spans: list[tuple[int, int]] = []
    for m in _AGES_OF_KIN.finditer(sentence):
        ages = [parse_number(a.group("age")) for a in _AGE.finditer(m.group("ages"))]
        young = sum(1 for age in ages if age is not None and age < ADULT_AGE)
        spans.append((m.start(), m.end()))
        if young:
            found.append(_mention(sentence, m.start(), m.end(), young, "exact", minors=True, part=True))
    for m in _DESCRIBED_PART.finditer(sentence):
        spans.append((m.start(), m.end()))
        described = m.group("what")
        ages = [parse_number(a.group("age")) for a in _AGE_YEARS.finditer(described)]
        teens = described.startswith("10대")  # "10대 청소년": minors, as in the counts
        if teens or _MINOR_WORD.search(described) or any(age is not None and age < ADULT_AGE for age in ages):
            value = parse_number(m.group("num"))
            found.append(_mention(sentence, m.start("num"), m.end("what"), value, "exact", minors=True, part=True))
    return found, spans


def _items(sentence: str) -> list[_Item]:
    items = [_count_item(sentence, m) for m in _COUNT.finditer(sentence) if not _possessor(sentence, m)]
    for m in _DECADES.finditer(sentence):
        items.append(_Item(m.start(), m.start(), m.end(), len(_DECADE.findall(m.group(0))), "exact", False, "count"))
    for m in _VAGUE.finditer(sentence):
        qualifier: CountQualifier = "unknown" if m.group("few") else "about"
        items.append(_Item(m.start(), m.start(), m.end(), None, qualifier, False, "vague"))
    for m in _RANGE.finditer(sentence):
        items.append(_Item(m.start(), m.start(), m.end(), None, "about", False, "vague"))
    for pattern in (_BODIES, _FAMILY_OF):
        for m in pattern.finditer(sentence):
            items.append(_Item(m.start(), m.start(), m.end(), parse_number(m.group("num")), "exact", False, "count"))
    for m in _MINOR_NUMBER_NOUN.finditer(sentence):
        items.append(_Item(m.start(), m.start(), m.end(), parse_number(m.group("num")), "exact", True, "count"))
    for pattern in (_AGE_YEARS, _AGE_IN_BRACKETS):
        for m in pattern.finditer(sentence):
            age = parse_number(m.group("age"))
            if age is not None and age < ADULT_AGE:
                start, young = m.start(), 1
                shared = _SHARED_AGES.search(sentence, max(0, start - 24), start) if pattern is _AGE_YEARS else None
                if shared is not None:
                    ages = [parse_number(a.group("age")) for a in _AGE.finditer(shared.group(0))]
                    if all(a is not None and a < ADULT_AGE for a in ages):
                        start, young = shared.start(), young + len(ages)
                items.append(_Item(start, start, m.end(), young, "exact", True, "age"))
    for m in _MINOR_KIN.finditer(sentence):  # "초등학생 딸": one child, no age told
        items.append(_Item(m.start(), m.start(), m.end(), 1, "exact", True, "age"))
    for m in _AGE_MONTHS.finditer(sentence):
        items.append(_Item(m.start(), m.start(), m.end(), 1, "exact", True, "age"))
    for m in _PAIR.finditer(sentence):
        items.append(_Item(m.start(), m.start(), m.end(), 2, "exact", False, "pair"))
    for m in _SINGLE.finditer(sentence):
        if _SPEAKER_AFTER.match(sentence, m.end()):
            continue
        years = m.group("age") or m.group("age2")
        minor = years is not None and int(years) < ADULT_AGE
        items.append(_Item(m.start(), m.start(), m.end(), 1, "exact", minor, "single"))
    for m in _COUNTED_KIN.finditer(sentence):
        minor = m.group("noun") == "아이"
        items.append(_Item(m.start(), m.start(), m.end(), parse_number(m.group("num")), "exact", minor, "count"))
    for m in _KIN.finditer(sentence):
        items.append(_Item(m.start(), m.start(), m.end(), 1, "exact", False, "kin"))
    return items


def _possessor(sentence: str, m: re.Match[str]) -> bool:
    """"이 가운데 한 명의 딸": the count names whose daughter she is, not a group."""
    among = _AMONG_BEFORE.search(sentence[max(0, m.start() - 14) : m.start()])
    return bool(among and _POSSESSOR.match(sentence, m.end()))


def _count_item(sentence: str, m: re.Match[str]) -> _Item:
    qualifier: CountQualifier = "exact"
    if m.group("pre"):
        qualifier = _PREFIX_QUALIFIERS[m.group("pre")]
    if m.group("yeo"):
        qualifier = "about"
    post = (m.group("post") or "").strip()
    for word, meaning in _SUFFIX_QUALIFIERS.items():
        if word in post:
            qualifier = meaning
    before = sentence[max(0, m.start() - 30) : m.start()]
    run = _MODIFIER_RUN.search(before)
    lead = m.start() - (len(run.group(0)) if run else 0)
    minors = (
        bool(_MINOR_BEFORE.search(before)) or bool(_MINOR_AFTER.match(sentence, m.end()))
        or bool(_TEEN_BEFORE.search(before))
    )
    return _Item(lead, m.start(), m.end(), parse_number(m.group("num")), qualifier, minors, "count")


def _without_nested(items: list[_Item]) -> list[_Item]:
    """Keep the widest of overlapping items (an age inside a list item, a kin word inside an age); a count
    that an age overlaps ("12세 남자아이 2명") counts minors."""
    items.sort(key=lambda i: (i.lead, -(i.end - i.lead)))
    kept: list[_Item] = []
    for item in items:
        if kept and item.lead < kept[-1].end:
            last = kept[-1]
            if item.kind == "age" and last.kind == "count" and not last.minors:
                kept[-1] = replace(last, minors=True)
            elif _KIND_RANK[item.kind] > _KIND_RANK[last.kind]:
                kept[-1] = item  # "한 명의 딸(16)": the daughter's age says more than the kin word around it
            continue
        kept.append(item)
    return kept


# Which of two overlapping items says more about who is counted.
_KIND_RANK = {"count": 3, "age": 2, "pair": 1, "single": 1, "vague": 1, "kin": 0}


def _third_party(sentence: str, item: _Item) -> bool:
    if _THIRD_PARTY_BEFORE.search(sentence[max(0, item.lead - 12) : item.lead]):
        return True
    # "국내에 정착한 탈북민 김모(38)씨가 … 가족들의 강제북송을 막아달라며": a resettled relative, not the group
    return "에" in sentence[max(0, item.lead - 20) : item.lead] and bool(
        _RESETTLED_BEFORE.search(sentence[max(0, item.lead - 20) : item.lead])
    )


def _runs(sentence: str, items: list[_Item]) -> list[list[_Item]]:
    """Items joined by 과/와/,/및 into lists; every other item alone."""
    runs: list[list[_Item]] = []
    for item in items:
        gap = sentence[runs[-1][-1].end : item.lead] if runs else ""
        if _JOINER.fullmatch(gap) and _JOINING_WORD.search(gap):
            runs[-1].append(item)
        elif runs and item.kind != "kin" and _SUBJECT_GAP.fullmatch(gap) and _WITH_AFTER.match(sentence, item.end):
            runs[-1].append(item)  # "여성이 7살 아들과 함께": subject and companion
        else:
            runs.append([item])
    return [part for run in runs for part in _split_unsummable(run)]


def _split_unsummable(run: list[_Item]) -> list[list[_Item]]:
    """A list with a vague member, or made only of kin words ("여성과 남성"), does not add up."""
    if len(run) == 1:
        return [run]
    if any(item.kind == "vague" for item in run) or all(item.kind == "kin" for item in run):
        return [[item] for item in run]
    return [run]


def _emit_single(sentence: str, item: _Item) -> list[CountMention]:
    if item.kind == "kin":
        return []
    included = bool(_INCLUDED.match(sentence, item.end))
    if item.minors:
        part = (
            included
            or sentence.startswith("도", item.end)
            or _total_follows(sentence, item.end)
            or bool(_AMONG_BEFORE.search(sentence[max(0, item.lead - 14) : item.lead]))
        )
        children = _mention(sentence, item.start, item.end, item.value, item.qualifier, minors=True, part=part)
        if part:
            return [children]
        # A child who is the whole group ("14살 여학생이 숨졌다") is both its headcount and its children.
        return [_mention(sentence, item.start, item.end, item.value, item.qualifier), children]
    if included or _total_follows(sentence, item.end):
        return []  # an adult sub-group, or one member named before "등 N명": not the headcount
    return [_mention(sentence, item.start, item.end, item.value, item.qualifier)]


def _emit_run(sentence: str, run: list[_Item]) -> list[CountMention]:
    start, end = run[0].lead, run[-1].end
    minors = sum(item.value or 0 for item in run if item.minors)
    total = sum(item.value or 0 for item in run)
    part = bool(_INCLUDED.match(sentence, end))
    has_total = _total_follows(sentence, end)
    out: list[CountMention] = []
    if not part and not has_total and minors < total:
        out.append(_mention(sentence, start, end, total, "exact"))
    if minors:
        within = part or has_total or minors < total
        out.append(_mention(sentence, start, end, minors, "exact", minors=True, part=within))
    return out


def _total_follows(sentence: str, end: int) -> bool:
    """A list closed by its own total: "…이웃 남성 등 3명", "…여섯 살 아들 등 세 식구"."""
    marker = _TOTAL_AFTER.match(sentence, end)
    return bool(marker and _COUNT.match(sentence, marker.end()))


def _mention(
    sentence: str, start: int, end: int, value: int | None, qualifier: CountQualifier, *, minors: bool = False,
    part: bool = False,
) -> CountMention:
    return CountMention(start, end, sentence[start:end], value, qualifier, minors=minors, part=part)
