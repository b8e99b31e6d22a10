"""Korean event words, typed, with what the grammar around them says about them.

A lexicon hit (`triggers.tsv`) becomes a `Trigger` after four readings of its surroundings:
- its type: a hand-over (넘겼다, 인계, 송환, 추방) is `repatriated` when the people went to
  North Korea (북측에, 보위부에게), `released` + `arrived` when they went to a South Korean
  mission, `transferred` otherwise; a return word followed by a risk noun (북송 위기, 강제북송이
  우려된다, 강제북송될 위험) is `at_risk`; "신병을 확보" is `arrived` when Seoul or Tokyo takes
  custody and `detained` elsewhere;
- its modality, read in the words after it up to the end of its clause: negated (않았다, 못한,
  사실이 아닌), planned (넘겨질 것으로 보인다, 예정, 방침, 석방을 요구), hypothetical (수 있다,
  가능성, 우려, a condition in -면); a verb chained by -어 to a later verb shares that verb's
  modality (옮겨져 북송될 가능성 → both hypothetical);
- whether it states a habit rather than an event (통상, 그동안, …해 왔다, …하는 사례);
- whether it is about someone else (조선족 기사도 함께 연행됐다, 선교사 부부는 풀려났다): dropped.
Policy phrases (강제북송 중단, 강제송환 금지 원칙, 북송 규탄) are not events and are dropped.
Finally (`clauses.py`) event words chained into one event become one trigger, and each trigger's
span reaches back to the first date of its clause, for the assembler's nearest-mention rules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from refwatch.extract.ko import framing
from refwatch.extract.ko.clauses import boundary_ends, extend_to_clause, merge_chained
from refwatch.extract.ko.dates import date_expressions
from refwatch.extract.ko.discourse import telling_date_start
from refwatch.extract.ko.lexicon import COUNTRY_WORDS, any_trigger, trigger_entries
from refwatch.extract.ko.modality import FORMER_STATE as _FORMER_STATE
from refwatch.extract.ko.modality import HEARSAY as _HEARSAY
from refwatch.extract.ko.modality import HYPOTHETICAL as _HYPOTHETICAL
from refwatch.extract.ko.modality import NEGATED as _NEGATED
from refwatch.extract.ko.modality import PLANNED as _PLANNED
from refwatch.extract.ko.modality import POLICY_AFTER as _POLICY_AFTER
from refwatch.extract.ko.modality import REFUTED as _REFUTED
from refwatch.extract.ko.modality import REPORTED_CLAIM as _REPORTED_CLAIM
from refwatch.extract.ko.modality import RISK_NOUN as _RISK_NOUN
from refwatch.extract.ko.modality import scheduled_step as _scheduled_step
from refwatch.extract.mentions import Trigger
from refwatch.extract.places import find_places

_CHAIN_ENDINGS = "어아여져돼혀겨해려와워"
_ADNOMINAL_STEMS = "힌린긴진난준간낸온은는"  # conjugated syllables the lexicon ends on (붙잡힌, 넘긴)
# Word endings that are surely adnominal verbs, unlike a noun with the topic particle 은/는 (처음은).
_ADNOMINAL = re.compile(r"(?:[된한진온간난낸힌긴린준운던]|(?:되|하|지|않|없|있|받|잡|넘|않)[은는])$")

# Where a verb's modality stops: punctuation, quotation marks, clause-closing endings, "… 뒤".
_CLAUSE_END = (
    r'[,;"“”‘’]|[.?!](?=\s|$)|(?:며|으며|면서|지만|는데|은데|으나|다고|라고|냐고)(?=\s)'
    r"|(?<=[았었였했됐졌겼혔렸왔갔났냈쳤않없])고(?=\s)"
)
_SCOPE_END = re.compile(rf"{_CLAUSE_END}|\s(?:뒤|후|직후|이후)(?:에)?(?=\s)|다가(?=\s)")
_CLAUSE_BOUNDARY = re.compile(_CLAUSE_END)

_GENERIC_ADVERB = re.compile(
    r"그동안|(?<![가-힣])통상(?=\s|적)|대개|보통(?!\s?[가-힣]*법)|흔히|일반적으로|해마다|매년|종종|으레|관례|관행|번번이"
)
_HABITUAL_VERB = re.compile(
    r"(?<!들)(?<!돌)(?<!넘)(?<!너)(?<!찾)(?<!려)(?<!라)[어아여해내와워]\s?(?:왔다|왔습니다|온다|와\s?있)"
    r"|(?:는|된|한|던|진|은)\s?(?:사례|경우)"
    # a definition ("투먼 변방구류소는 … 넘기기 전에 모아두는 곳이다"), not an event
    r"|(?:는|은|던)\s(?:곳|시설|기관|장소)(?:이다|입니다|으로\s?(?:알려|꼽)|[\"”’]\s?(?:이라|라)(?:며|면서|고|는))"
)
_STATISTICS = re.compile(
    r"상반기|하반기|연간|누적|집계|통계|연도별|한\s?해\s?동안|올해\s?들어\s?\S*\s?모두|전년|분기별"
    r"|(?:보다|대비)\s?(?:\S+\s)?(?:늘|줄|증가|감소)"
)
_SPECIFIC = re.compile(r"이번|이들|해당|당시|\d+\s?명|명이|명을|명은")
_DATE_WORDS = re.compile(r"\d{1,2}\s?일(?!\s?(?:간|동안|째|만))|\d{1,2}\s?월|\d{4}\s?년|지난해|지난달|이달|전날")
_COUNTRY_TOPIC = re.compile(r"^\s*(?:중국|태국|베트남|라오스|몽골|러시아|캄보디아|일본|미얀마)(?:은|는|도)\s")

# Custody states (held, detained) as opposed to the act of arrest.
_HOLDING = re.compile(r"detained:(?:구금|억류)")
_STATE_AS_MODIFIER = re.compile(
    r"^\S?(?:\s?중이던|\s?중인|된|돼\s?있던|돼\s?있는|되어\s?있던|\s(?:탈북민|탈북자|북한))"
)
_STATE_BEFORE_EVENT = re.compile(r"(?:돼|되어)\s?(?:있다가|있던\s?중|(?:\S+\s){0,3}?\S*(?:은|ㄴ)\s(?:뒤|후))")
_DURATION = re.compile(r"동안|가까이|(?<![가-힣])수년간|\d+\s?(?:일|개월|년)간|오랫동안|째")
_GIVEN_THAT = re.compile(r"\S*\s(?:만큼|이상|상태)(?=[\s,])")
_DESTINATION_WORD = re.compile(r"[^\s,]+?(?:측|쪽)?(?:으로|로|에게|에)")
_VERB_WORD = re.compile(r"(?:두고|놓고|남기고|데리고|버리고|하고|했고|되고|며|면서)$")
# A word that closes the noun phrase before a destination: a particle or an adnominal verb.
_CLOSES_PHRASE = re.compile(r"(?:과|와|의|은|는|을|를|이|가|에|로|서|고|며|[은는던된한진온간난낸힌긴운])$")
_NORTH_KOREA = re.compile(r"북측|북한|北|보위부|보위원|보위성|안전부|안전원|평양|신의주|혜산|온성|회령|무산|북으로")
_MISSION = re.compile(r"대사관|영사관|공관|대표부")
_NK_CUSTODY = re.compile(r"보위부|보위국|보위성|안전부|안전국|보안서")
_MISSION_BEFORE = re.compile(r"(?:대사관|영사관|공관|대표부)\S{0,2}(?:에|으로|로)\s?(?:무사히\s?)?$")
# A sick or injured person taken to hospital is not moved between custodies.
_HOSPITAL_BEFORE = re.compile(r"(?:병원|응급실|진료소|의무실)\S{0,3}(?:으로|로|에)\s?(?:\S+\s)?$")
_SOUTH_KOREA = re.compile(r"한국|남한|국내|인천|서울|하나원|우리\s?정부")
_CHINA_BODIES = re.compile(r"공안|변방")
_INTO_SOUTH_KOREA = re.compile(r"귀순|철책|군사분계선|MDL|북방한계선|NLL|국내|한국|남한|대한민국|인천공항")
_KOREA_BEFORE = re.compile(r"(?:한국|남한|국내|인천공항|김포공항|서울)(?:에|으로|로)\s?(?:\S+\s)?$")
_WORD = re.compile(r"\S+")
_LEADING_WORD = re.compile(r"\S*")
_SAFE_CUSTODY = re.compile(
    r"합참|합동참모본부|(?<![가-힣])군(?:은|이|과|에|의|\s)|해경|해양경찰|국정원|해상보안청|일본|우리\s?정부|한국\s?정부"
)

# A South Korean criminal case: its courts (서울중앙지법 형사11단독), ordinary crimes, a resettled
# defendant ("탈북민 출신"). People caught abroad are charged with crossing or staying illegally.
_DOMESTIC_CASE = re.compile(
    r"지법|고법|대법원|형사\d+(?:단독|부)|(?:탈북민|탈북자|새터민)\s?출신"
    r"|(?:사기|횡령|배임|마약|폭행|상해|절도|강도|성폭력|성폭행|성추행|국가보안법|보조금|명예훼손|음주운전)\S{0,4}\s?혐의"
)
# Police and border forces as the ones who take people away ("공안에 끌려갔다"), not a place they go.
_AGENT_BEFORE = re.compile(r"(?:공안|경찰|변방대|국경수비대|국경경비대|이민국|단속반)(?:들)?(?:에게|에|한테)\s?$")
# "라오스에 입국", "베트남 입국", "중국으로 입국": an entry into another country, told by its name.
_ENTERED_ELSEWHERE = re.compile(
    r"(?:중국|베트남|라오스|태국|캄보디아|몽골|러시아|미얀마|일본|미국|북한|제3국|현지)\S{0,2}\s?(?:\S+\s)?$"
)
_BARE_ENTRY = re.compile(r"입국(?:해|했|하였)")
_JAPAN = re.compile(r"일본|해상보안청")
_OWNER_AFTER = re.compile(r"(?:의|에\s?(?:대한|따르면|의하면)|와|과)(?=\s)")

@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    kind: str
    tail: str  # the words after the hit, up to its clause end or the next hit
    reaches_next: bool  # the tail runs into the next hit without a clause end


def find_triggers(sentence: str) -> list[Trigger]:
    hits = _hits(sentence)
    triggers: list[Trigger | None] = [_trigger(sentence, hit) for hit in hits]
    _share_chained_modality(hits, triggers)
    found = merge_chained(sentence, [t for t in triggers if t is not None])
    out: list[Trigger] = []
    teller = telling_date_start(sentence)
    date_starts = [match.start() for _, match in date_expressions(sentence) if match.start() != teller]
    floors = tuple(
        hit.end for hit, trigger in zip(hits, triggers, strict=True)
        if trigger is None and _adnominal_hit(sentence, hit)
    )
    for trigger in extend_to_clause(sentence, found, date_starts, floors):
        out.append(trigger)
        if trigger.destination == "embassy" and trigger.type == "released":
            out.append(replace(trigger, type="arrived"))
    return out


def _adnominal_hit(sentence: str, hit: _Hit) -> bool:
    """An event word that modifies a noun ("넘겨진 탈북민"): the date before it is its own."""
    word = _LEADING_WORD.match(sentence, hit.start)
    return word is not None and bool(_ADNOMINAL.search(word.group(0)))


def _hits(sentence: str) -> list[_Hit]:
    """Lexicon hits, the longest at each position, not overlapping; one scan finds the positions."""
    kept: list[tuple[int, int, str]] = []
    for candidate in any_trigger().finditer(sentence):
        position = candidate.start()
        if kept and position < kept[-1][1]:
            continue
        char = sentence[position]
        matches = [
            (m.end(), e.kind) for e in trigger_entries()
            if (e.first is None or char in e.first) and (m := e.pattern.match(sentence, position))
        ]
        end, kind = max(matches, key=lambda found: found[0])
        kept.append((position, end, kind))
    hits: list[_Hit] = []
    for i, (start, end, kind) in enumerate(kept):
        next_start = kept[i + 1][0] if i + 1 < len(kept) else len(sentence)
        scope_end = _SCOPE_END.search(sentence, end)
        limit = scope_end.end() if scope_end else len(sentence)
        hits.append(_Hit(start, end, kind, sentence[end : min(limit, next_start)], next_start < limit))
    return hits


def _trigger(sentence: str, hit: _Hit) -> Trigger | None:
    if _POLICY_AFTER.match(hit.tail):
        return None
    if _GIVEN_THAT.match(hit.tail) and hit.kind != "custody":
        return None  # "중국 공안에 넘겨진 이상 …": an event recalled as a premise, not news
    before = _clause_before(sentence, hit.start)
    if framing.not_the_group(sentence, before, hit.start, hit.end):
        return None
    typed = _typed(sentence, hit, before)
    if typed is None:
        return None
    event_type, destination, end = typed
    if event_type == "repatriated" and framing.voluntary_return(sentence, sentence[hit.start : end]):
        return None
    if event_type == "sentenced" and _DOMESTIC_CASE.search(sentence):
        return None  # a resettled person tried in a South Korean court, not an escape
    if event_type == "transferred" and _HOSPITAL_BEFORE.search(before[-16:]):
        return None  # "쓰러져 병원으로 옮겨졌지만": care, not custody
    if event_type == "transferred" and _safe_actor(before):
        return None  # South Korean soldiers or coast guards moving people who have arrived
    if _HOLDING.fullmatch(hit.kind + ":" + sentence[hit.start : hit.end]) and _background_state(sentence, hit, before):
        return None
    scope = _own_words(sentence[end - 1 : hit.end + len(hit.tail)])
    if _HEARSAY.search(scope):
        return None
    negated = bool(_NEGATED.search(scope)) or _claim_refuted(sentence, hit)
    at_risk = event_type == "at_risk"
    planned = not at_risk and (bool(_PLANNED.search(scope)) or _scheduled_step(sentence, hit.end))
    hypothetical = not at_risk and (bool(_HYPOTHETICAL.search(scope)) or "사실상" in before)
    # "…것으로 알려져 있다" with no date: background knowledge (a risk still stands)
    known = not at_risk and framing.known_fact(sentence) and not _has_date(sentence)
    if (planned or hypothetical) and _move_inside(hit.kind, destination, before):
        destination = None  # "다음 주 투먼으로 옮겨질 예정": a planned move inside China, no risk of return
    return Trigger(
        hit.start, end, sentence[hit.start : end], event_type,
        negated=negated,
        planned=planned,
        hypothetical=hypothetical,
        habitual=_habitual(sentence, hit) or framing.generic_returnees(sentence) or known,
        destination=destination,
    )


def _typed(sentence: str, hit: _Hit, before: str) -> tuple[str, str | None, int] | None:
    """(event type, destination, end of the trigger span) for one hit; None when no event."""
    kind = hit.kind
    if kind == "custody":
        if _GIVEN_THAT.match(hit.tail):
            return None  # "공안이 신병을 확보한 만큼 …": custody recalled as a premise, not news
        safe = _SAFE_CUSTODY.search(sentence)
        if safe is None:
            return "detained", None, hit.end
        # the South Korean military or coast guard took them in: an arrival in the South
        return "arrived", ("JP" if _JAPAN.search(safe.group(0)) else "KR"), hit.end
    if kind == "arrived" and (_MISSION.search(sentence, hit.start, hit.end) or _MISSION_BEFORE.search(before[-16:])):
        return kind, "embassy", hit.end  # walked into a South Korean mission ("대사관에 도착해")
    if kind == "arrived" and _INTO_SOUTH_KOREA.search(sentence, hit.start, hit.end + 2):
        return kind, "KR", hit.end  # defected south, crossed the MDL or NLL, entered the country
    if kind == "arrived" and _KOREA_BEFORE.search(before[-12:]):
        return kind, "KR", hit.end  # "지난달 말 무사히 한국에 도착했다"
    if _BARE_ENTRY.match(sentence, hit.start) and not _ENTERED_ELSEWHERE.search(before[-14:]):
        # "이들은 지난 17일 입국해 …": a bare entry told as news is into South Korea (not the
        # adnominal "지난해 입국한 탈북민" of statistics)
        return kind, "KR", hit.end
    if kind == "detained" and _NK_CUSTODY.search(sentence, max(0, hit.start - 8), hit.end):
        return kind, "KP", hit.end  # "보위부 구류장에 갇혀 조사를 받고 있다": held in the North, after a return
    if kind == "sentenced" and framing.punished_in_north(sentence, hit.start, hit.end):
        return kind, "KP", hit.end  # "도 재판소에서 교화 5년을 선고받았다": punished after a return
    if not (kind.startswith("handover") or kind in ("transferred", "repatriated")):
        return kind, None, hit.end
    risk = _RISK_NOUN.match(hit.tail)
    if risk is not None and _FORMER_STATE.match(sentence, hit.end + risk.end()):
        return None  # "북송을 기다리던 남성이 … 숨졌다": a risk that is over, told as the setting
    if risk is not None:
        return "at_risk", None, hit.end + risk.end()
    if kind == "repatriated":
        return kind, "KP", hit.end
    if sentence.startswith("끌려", hit.start) and _AGENT_BEFORE.search(before):
        return "detained", None, hit.end  # "공안에 끌려갔다": taken away by the police, not handed over
    destination = _destination(before)
    if destination == "KP" and framing.handed_inside_north(before):
        return None  # "보위부 조사를 마친 두 여성이 안전부에 넘겨져": already home
    default = kind.partition(":")[2] if kind.startswith("handover") else kind
    if destination == "KP" or (destination is None and default == "repatriated"):
        return "repatriated", "KP", hit.end
    if destination == "embassy":
        return "released", "embassy", hit.end
    if destination == "KR":
        return "arrived", "KR", hit.end
    if default == "-" and destination is None:
        return None
    return "transferred", destination, hit.end


def _move_inside(kind: str, destination: str | None, before: str) -> bool:
    """A move to a city ("투먼으로 옮겨질", "단둥으로 넘겨질") with no country named: the people stay in
    the same custody country, so a planned move is no risk of return ("중국 측에 넘길" still is)."""
    if kind in ("repatriated", "custody") or destination in (None, "KP", "KR", "embassy", "back"):
        return False
    return not any(name in before for name in COUNTRY_WORDS) and not _CHINA_BODIES.search(before[-12:])


def _safe_actor(before: str) -> bool:
    """A South Korean or Japanese body moves them, unless it is only named as asking or owning
    something ("한국 정부의 인도 요청에도 … 중국 측에 인계했다")."""
    return any(not _OWNER_AFTER.match(before, m.end()) for m in _SAFE_CUSTODY.finditer(before))


def _destination(before: str) -> str | None:
    """Where the clause says the people were sent: "KP", "embassy", "KR", a country code or None.

    The destination is a word in -에/-에게/-으로 at most two words before the verb, read with the
    bare nouns in front of it ("북한 보위부 요원들에게", "하노이의 우리 대사관에").
    """
    words = before.split()
    for index in range(len(words) - 1, max(-1, len(words) - 4), -1):
        if _VERB_WORD.search(words[index]):
            break  # "아이를 중국에 두고 끌려간": a word before another verb is that verb's
        if not _DESTINATION_WORD.fullmatch(words[index]):
            continue
        phrase = [words[index]]
        for word in reversed(words[max(0, index - 3) : index]):
            if _CLOSES_PHRASE.search(word) and word not in COUNTRY_WORDS:
                break
            phrase.insert(0, word)
        found = _place_class(" ".join(phrase))
        if found is not None:
            return found
    return None


def _place_class(phrase: str) -> str | None:
    if _MISSION.search(phrase) and not _NORTH_KOREA.search(phrase):
        return "embassy"
    if _NORTH_KOREA.search(phrase):
        return "KP"
    if _SOUTH_KOREA.search(phrase):
        return "KR"
    for name, code in COUNTRY_WORDS.items():
        if name in phrase and code not in ("KR", "KP"):
            return code
    if _CHINA_BODIES.search(phrase):
        return "CN"
    named = [p.country for p in find_places(phrase) if p.kind != "country"]
    return named[0] if named else None


def _own_words(scope: str) -> str:
    """The verb's last syllable and the words that still belong to it.

    A verb that ends in an adnominal -ㄴ (체포된, 들어온, 풀려나지 못한) modifies the noun after it,
    so what follows belongs to the main verb: "공관에 들어온 탈북민의 출국을 허가하지 않아 왔다" does
    not negate the entry. A noun trigger ending in ㄴ (송환, 시신) is no adnominal.
    """
    for word in _WORD.finditer(scope):
        text = word.group(0)
        if word.start() == 0 and len(text) == 1:
            if text in _ADNOMINAL_STEMS:
                return text
            continue
        if _ADNOMINAL.search(text):
            return scope[: word.end()]
    return scope


def _background_state(sentence: str, hit: _Hit, before: str) -> bool:
    """A custody state told as the setting of another event, not as news of its own.

    "구금 중이던 탈북민 600여 명을 … 강제송환했다", "한 달 가까이 구금돼 있다가 … 넘겨졌다",
    "열흘 동안 … 구금돼 조사를 받은 뒤": the holding is background to the hand-over that
    follows (and would steal its date). "이들은 현재 … 구금돼 있다." stays an event.
    """
    own = _own_words(sentence[hit.end - 1 : hit.end + len(hit.tail)])
    if _STATE_AS_MODIFIER.match(own) or _STATE_BEFORE_EVENT.match(sentence, hit.end):
        return True
    return bool(_DURATION.search(before))


def _clause_before(sentence: str, start: int) -> str:
    ends = boundary_ends(sentence, _CLAUSE_BOUNDARY)
    cut = ends[bisect_right(ends, start) - 1] if ends and ends[0] <= start else 0
    return sentence[cut:start]


def _claim_refuted(sentence: str, hit: _Hit) -> bool:
    """"…넘겨졌다는 보도가 나왔으나 사실이 아닌 것으로 확인됐다": a reported claim denied later."""
    if not _REPORTED_CLAIM.search(hit.tail):
        return False
    return bool(_REFUTED.search(sentence, hit.end + len(hit.tail)))


def _habitual(sentence: str, hit: _Hit) -> bool:
    ends = boundary_ends(sentence, _CLAUSE_BOUNDARY)
    following = bisect_right(ends, hit.end)
    clause_end = ends[following] if following < len(ends) else len(sentence)
    clause = _clause_before(sentence, hit.start) + sentence[hit.start : clause_end]
    closing = clause + sentence[clause_end : clause_end + 4]  # a quotation closed by "…곳"이라며
    if _GENERIC_ADVERB.search(clause) or _HABITUAL_VERB.search(closing) or _STATISTICS.search(clause):
        return "이번" not in clause
    return bool(_COUNTRY_TOPIC.match(sentence)) and not _SPECIFIC.search(sentence) and not _has_date(sentence)


def _has_date(sentence: str) -> bool:
    return bool(_DATE_WORDS.search(sentence))


def _share_chained_modality(hits: list[_Hit], triggers: list[Trigger | None]) -> None:
    """"옮겨져 북송될 가능성": a verb joined by -어 to the next one shares its plan or doubt."""
    for i in range(len(hits) - 2, -1, -1):
        current, following = triggers[i], triggers[i + 1]
        if current is None or following is None or following.type == "at_risk" or not hits[i].reaches_next:
            continue
        verb_end = (current.text + _LEADING_WORD.match(hits[i].tail).group(0))[-1:]  # type: ignore[union-attr]
        listed = hits[i].tail.strip() in ("과", "와", "및")  # "석방과 송환을 촉구했다": one demand
        if (listed or (verb_end and verb_end in _CHAIN_ENDINGS)) and (following.planned or following.hypothetical):
            triggers[i] = replace(
                current,
                planned=current.planned or following.planned,
                hypothetical=current.hypothetical or following.hypothetical,
            )
