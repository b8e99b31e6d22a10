"""The cheap relevance gate: can this text be about North Koreans who fled being held or moved?

It runs on every fetched page, before trafilatura, so it must be fast and must not lose a
relevant report: it only asks whether a word naming North Korean people (or their forced
return) stands near a word of custody, return, escape, death or arrival. The precise
decision is the extractor's. The lexicon is the domain's vocabulary in both languages, not
the dev corpus's phrasing; `tests/text/test_gate.py` holds it to 100 % recall on the corpus
and to rejecting ordinary news.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Within this many characters of each other a subject and a cue count as one statement
# (about two English sentences, or three Korean ones).
WINDOW_CHARS = 320

# Who. Strong subjects name North Korean people or their return; any cue near them counts.
_PEOPLE_EN = (
    r"north[\s-]*koreans?\b|n\.\s?koreans?\b|\bnk\s+(?:defectors?|refugees?|escapees?)"
    r"|defect(?:or|ors|ed|ing|ion)\b|escapees?\b"
)
_PEOPLE_KO = (
    r"탈북|북한\s?이탈|이탈\s?주민|새터민|북향민|북송|북한\s?(?:주민|국적|여성|남성|노동자|군인|병사|어민|선원|청소년|일가족|가족)"
    r"|北\s?(?:주민|노동자|일가족|여성|남성|어민|병사|군인)|귀순|북측에\s?(?:넘|인계|송환)|북한으로\s?(?:송환|압송|추방|돌려)"
)
# Weak subjects name the country or the border (towns facing China, the two rivers people
# cross); they are everywhere in ordinary news, so only a strong cue near them counts.
_PLACES = (
    r"north[\s-]*korea\b|\bdprk\b|pyongyang|hyesan|sinuiju|musan\b|hoeryong|onsong|namyang|manpo|yalu|amnok|tumen"
    r"|혜산|신의주|무산|회령|온성|남양|만포|압록강|두만강"
)
# What happened. Strong cues are custody, return, escape and death words that rarely mean
# anything else; weak ones (held, returned, border, arrived, died ...) need a strong subject.
_STRONG_CUE_EN = (
    r"detain|detention|arrest|custody|caught|captur|apprehend|jail|prison|labou?r camp|crackdown|\braid"
    r"|safe ?house|broker|smuggl|repatriat|deport|sent back|send(?:s|ing)? (?:them |him |her )?back|sending back"
    r"|forced return|forcibly|hand(?:s|ed|ing)? (?:them |him |her )?(?:over|back)|hand-?over|extradit|expel"
    r"|push(?:ed)? back|fled|\bflee\b|fleeing|escap|defected|defecting|defection|crossed|asylum|refuge"
    r"|embassy|consulate|freed|rescued"
    r"|sentenced|sentencing|convicted|\bfined|tortur|executed|execution|drown|bodies|froze"
)
_WEAK_CUE_EN = (
    r"\bheld\b|returned|return(?:s|ing)? (?:them|him|her)|handed|transferr?|intercept|rounded up|hiding|shelter"
    r"|crossing|cross the|border|boat|drift|released|arriv|reached|safe in|punish"
    r"|died|dead\b|death|body of|missing"
)
_STRONG_CUE_KO = (
    r"체포|붙잡|붙들|검거|구금|억류|구류|수감|단속|급습|은신|브로커|송환|북송|추방|압송|인계|쫓겨"
    r"|탈출|도강|월경|망명|난민|대사관|영사관|귀순|석방|벌금|징역|교화|익사|동사|시신|처형"
)
_WEAK_CUE_KO = (
    r"구속|수용|공안|경찰|국경수비대|변방대|숨어|이송|넘겨|넘긴|넘어|넘기|돌려보|건너|강을|국경|표류|목선"
    r"|보호\s?요청|신변|구조|입국|도착|풀려|형을|처벌|재판|숨져|숨진|사망|실종|고문"
)
# The patterns are written in lower case and run on lower-cased text: Python's `re` is several
# times slower with IGNORECASE on long alternations.
_SUBJECT = re.compile(f"(?P<people>{_PEOPLE_EN}|{_PEOPLE_KO})|(?P<place>{_PLACES})")
_STRONG_CUE = re.compile(f"{_STRONG_CUE_EN}|{_STRONG_CUE_KO}")
_ANY_CUE = re.compile(f"{_STRONG_CUE_EN}|{_STRONG_CUE_KO}|{_WEAK_CUE_EN}|{_WEAK_CUE_KO}")
# Every subject pattern contains one of these literals. Plain substring search is fast, so a
# text without any of them (most news) is rejected before a regular expression runs, and the
# subject pattern is only tried around the places where an anchor occurs.
_ANCHORS = (
    "korea", "defect", "escapee", "nk refugee", "dprk", "pyongyang", "hyesan", "sinuiju", "musan", "hoeryong",
    "onsong", "namyang", "manpo", "yalu", "amnok", "tumen",
    "탈북", "북한", "이탈", "새터민", "북향민", "북송", "北", "귀순", "북측", "혜산", "신의주", "무산", "회령", "온성",
    "남양", "만포", "압록강", "두만강",
)
_ANCHOR_BEFORE, _ANCHOR_AFTER = 12, 40  # how far a subject can start before / end after its anchor
_QUANTIFIERS = "?*{"
_META = "\\()[]{}?*+.|^$"


def _top_level_alternatives(pattern: str) -> list[str]:
    parts, depth, start, escaped = [], 0, 0, False
    for i, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _leading_literal(alternative: str) -> str:
    """The literal text every match of `alternative` starts with ("labou?r camp" -> "labo")."""
    text = alternative.removeprefix("\\b")
    literal = []
    for i, char in enumerate(text):
        if char in _META or (i + 1 < len(text) and text[i + 1] in _QUANTIFIERS):
            break
        literal.append(char)
    if not literal:
        raise ValueError(f"gate lexicon: {alternative!r} must start with a literal")
    return "".join(literal)


def _stems(*patterns: str) -> tuple[str, ...]:
    """Literal starts of every cue alternative: a window holding none of them cannot hold a cue."""
    return tuple(sorted({_leading_literal(alt) for pattern in patterns for alt in _top_level_alternatives(pattern)}))


_STRONG_STEMS = _stems(_STRONG_CUE_EN, _STRONG_CUE_KO)
_ANY_STEMS = _stems(_STRONG_CUE_EN, _STRONG_CUE_KO, _WEAK_CUE_EN, _WEAK_CUE_KO)


@dataclass(frozen=True, slots=True)
class GateDecision:
    """Whether a text passes, and why, in words a monitor can read on a skipped report."""

    passed: bool
    reason: str
    subject: str | None = None
    cue: str | None = None


def _anchor_positions(lowered: str) -> list[int]:
    positions: list[int] = []
    for anchor in _ANCHORS:
        at = lowered.find(anchor)
        while at != -1:
            positions.append(at)
            at = lowered.find(anchor, at + 1)
    return sorted(positions)


def _subjects(lowered: str) -> list[re.Match[str]]:
    """Subject matches in text order, found only around anchor occurrences."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for at in _anchor_positions(lowered):
        match = _SUBJECT.search(lowered, max(0, at - _ANCHOR_BEFORE), at + _ANCHOR_AFTER)
        if match is not None:
            found.setdefault(match.span(), match)
    return [found[span] for span in sorted(found)]


def check_relevance(text: str) -> GateDecision:
    """Pass `text` when a North Korean subject stands within `WINDOW_CHARS` of a custody/return cue.

    A subject naming people takes any cue; one naming only the country or a border place
    needs a strong cue.
    """
    lowered = text.lower()
    shown = text if len(text) == len(lowered) else lowered  # offsets agree unless lower() changed lengths
    found_subject: str | None = None
    for subject in _subjects(lowered):
        found_subject = found_subject or shown[subject.start():subject.end()]
        strong_only = not subject.group("people")
        cues, stems = (_STRONG_CUE, _STRONG_STEMS) if strong_only else (_ANY_CUE, _ANY_STEMS)
        low, high = max(0, subject.start() - WINDOW_CHARS), subject.end() + WINDOW_CHARS
        window = lowered[low:high]
        if not any(stem in window for stem in stems):
            continue  # cheap: no cue can start in this window
        cue = cues.search(lowered, low, high)
        if cue is not None and cue.start() < subject.end() and cue.end() > subject.start():
            # The cue must be another word than the subject ("defector" is not its own cue).
            cue = cues.search(lowered, max(0, subject.start() - WINDOW_CHARS), subject.start()) or cues.search(
                lowered, subject.end(), subject.end() + WINDOW_CHARS)
        if cue is not None:
            said, cue_said = shown[subject.start():subject.end()], shown[cue.start():cue.end()]
            return GateDecision(True, f"'{said}' near '{cue_said}'", subject=said, cue=cue_said)
    if found_subject is None:
        return GateDecision(False, "gate: no mention of North Korean people or of forced return")
    return GateDecision(
        False, f"gate: '{found_subject}' is never near a word of custody, return, escape or death",
        subject=found_subject,
    )
