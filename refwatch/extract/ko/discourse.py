"""Korean cues about how a sentence sits in the story, for the language-independent assembler.

These are the optional hooks the pipeline asks every language for (see `extract/stages.py`):
- `background_cue`: the sentence recalls another case ("지난해 10월에도", "당시에도", "처음이
  아니다", "2007년 이후 4년 만", "…한 사실을 언급하며", a sentence opening "지난해 11월에는");
- `refers_to_group`: it opens on the story's own group ("이들은", "일행은", "나머지 4명은"),
  so its events are never background;
- `hedged`: the claim is reported as unconfirmed ("확인되지 않았다", "주장이 제기됐다", "설");
- `reporting_spans`: speech and confirmation verbs; a date next to them ("…고 14일 밝혔다",
  "…것으로 17일 확인됐다") is the date of telling, not of the event. "…에 따르면" is left out: in
  Korean order the event's date follows it ("소식통에 따르면 이들은 지난 4일 …");
- `place_roles`: "무산 출신", "중국을 거쳐", "메콩강을 건너", "광시에서 국경을 넘어" are origins (the
  route, not where the event happened); "투먼으로 옮겨져",
  "쿤밍행", "인천공항에 도착", "하노이 주재 대사관" are destinations; a border crossing (보텐
  국경검문소로 데려가) is where a hand-over happens, never only a destination;
- `refutes`: a sentence that denies the one before ("이는 사실이 아닌 것으로 확인됐다", a correction's
  "그러나 확인 결과 이들은 아직 북송되지 않았으며").
"""

from __future__ import annotations

import re

from refwatch.extract.ko.lexicon import SPEECH_VERBS
from refwatch.extract.mentions import PlaceMention, Span

_BACKGROUND = re.compile(
    r"(?:지난해|작년|재작년|지난달|당시|이전|과거|앞서|\d{4}년|\d{1,2}월)\S*에도|(?:당시|이전|과거)에도"
    r"|^\W*(?:지난해|작년|재작년|\d{4}년|이달|지난달|지난주)(?:\s?\d{1,2}(?:월|일))?(?:\s?(?:초|말|중순|하순|초순))?에는"
    r"|처음(?:이|은)\s?아니|전례가|이후\s?\d+년\s?만|이후\s?처음|만에\s?처음|에\s?이어\s|사실을\s?(?:언급|거론|지적)|사례가\s?있"
)
_GROUP_OPENING = re.compile(
    # (after a source: "현지 사정에 밝은 소식통에 따르면 일행은 …")
    r"^\W*(?:[^,.\"“]{0,30}?(?:에\s?따르면|에\s?의하면),?\s)?(?:(?:이|이들|일행)\s?(?:가운데|중)|이들|일행|이\s?가족|가족|모녀|부부|아이들|나머지|두\s?사람|세\s?사람|이\s?남성|이\s?여성"
    r"|(?:\d+|[가-힣]{1,3})\s?명\s?(?:모두|전원|가운데|중)?(?:은|는|이|가)\s|[가-힣]\s?씨(?:는|가)"
    r"|(?:\d+|[가-힣]{1,3})\s?명\s?(?:가운데|중)(?:에서?)?\s(?:\d+|[가-힣]{1,3})\s?명(?:은|는|이|가)\s)"
)
_HEDGED = re.compile(r"확인되지\s?않|미확인|주장이\s?제기|설이\s?(?:돌|나오)|소문|추정되|것으로\s?추정|진위")
_REPORTING = re.compile(
    rf"(?:{'|'.join(sorted((v for v in SPEECH_VERBS if v != '했'), key=len, reverse=True))})(?:다|습니다|으며|고)"
    r"|(?:확인됐|알려졌|전해졌|드러났|파악됐)(?:다|습니다)|본지(?:에|와의)|보도자료를\s?내고|브리핑에서"
)
_TELLER_DATE = re.compile(r"^\W*(?:[^\s\"“]+\s){0,2}?[^\s\"“]+(?:은|는)\s(?P<date>\d{1,2}\s?일)\s")
_SAID = "|".join(v for v in SPEECH_VERBS if v != "했")
_INDIRECT_END = re.compile(rf"(?:다|라)고\s(?:\S*[^\s은는이가]\s){{0,3}}?(?:{_SAID})(?:다|습니다)[.]?\s*$")
_LATER_DATE = re.compile(
    r"(?:지난|이달|지난달|지난해|올해|작년)\s?|\d{1,2}\s?(?:일|월)(?![간째])"
    # a time counted from another step of the story ("건넌 지 이틀 만에"): the event is not on the day of telling
    r"|(?:하루|이틀|사흘|나흘|닷새|엿새|이레|열흘|보름)\s?(?:만에|뒤|후)"
)
_PHRASE_END = re.compile(r"(?:으로|로|에서|에|을|를|출신|행|방향|쪽으로)\S*$")
_REFUTES = re.compile(
    r"^\W*(?:그러나|하지만|그런데)?\s?(?:이는|이\s?보도는|이런\s?보도는|해당\s?보도는|이\s?주장은|이는\s?모두)\s?"
    r"(?:사실이\s?아[니닌]|사실무근|오보|사실과\s?다르)"
    # a correction: "그러나 확인 결과 이들은 아직 북송되지 않았으며 …"
    r"|^\W*(?:그러나|하지만|그런데)?\s?(?:사실\s?)?(?:확인|취재|조사)\s?결과\s?(?:\S+\s){0,3}?"
    r"\S*(?:지\s?않았|사실이\s?아[니닌]|아닌\s?것으로)"
)
_ORIGIN_AFTER = re.compile(
    r"^\S*?(?:\s?출신|(?:을|를)\s?(?:떠나|탈출|빠져나|거쳐|건너|넘어|넘으려|넘다가|통과|통해)|(?:에서|으로부터|로부터)\s?(?:[^\s,.]*[^\s,.이가]\s){0,6}?"
    r"(?:탈북(?=[했해한하])|탈출|국경을\s?넘(?!을|으려)|강을\s?건너|건너|넘어|출발|빠져나)|(?:에|에서)\s?(?:살던|살다|사는))"
)
# A route through a crossing ("하산을 거쳐", "보텐 … 산길을 통해") is where people pass, not where they are.
_ROUTE_AFTER = re.compile(r"^\S*?(?:\s\S+){0,3}?(?:을|를)\s?(?:거쳐|통해|통과)")
# A place that names something else: an event held there ("항저우 아시안게임"), or a wish ("한국행을 희망").
_IGNORE_AFTER = re.compile(
    r"\s?(?:아시안게임|올림픽|월드컵|엑스포|박람회|정상회담|회담)|\S{0,2}행(?:을|이)?\s?(?:희망|원하|원해|요청|바라|택하)"
)
_MISSION_AFTER = re.compile(r"\s?(?:총영사관|영사관|대사관|공관|대표부)")
# "방콕행", "한국행까지는", "한국행이": where people are headed, not where the event is.
_RIGHT_AFTER_DESTINATION = re.compile(r"(?:[시성현주군])?(?:\s?주재|행(?=\s|$|[은는의을이도에]|까지))")
_DESTINATION_AFTER = re.compile(
    r"^\S*?(?:행(?=\s|$|[은의을])|\s?방향|\s?쪽으로|(?:으로|로)\s?(?:\S+\s)?(?:옮[겨기긴겼]|이송|압송|호송|넘[겨기긴겼]|추방|송환"
    r"|보[내냈낸]|돌려보"
    r"|데려|향하|향한|들어|건너가|넘어가|끌려|피신|탈출|입국|왔|가)|에\s?(?:도착|입국|인계|들어|진입))"
)


# "치앙센으로 들어왔다가 … 붙잡혀": they reached the place, and what follows happened there.
# ("치앙센에 들어왔다가 … 붙잡혔다", "태국에 입국했다가": where they were caught as well)
_THERE_BEFORE = re.compile(
    r"^\S*?(?:(?:으로|로|에)\s?(?:들어|넘어|건너)(?:왔|갔|와|가)|에\s?입국(?:했|해))\S*?(?:다가|던\s|은\s뒤|은\s직후)"
)

# "방콕 이민국 수용소로 옮겨졌다": a lock-up in the city named is where the people were taken.
_FACILITY_DESTINATION = re.compile(
    r"\s(?:[가-힣]{2,5}\s)?[가-힣]{0,4}(?:수용소|구류소|구치소|보호소|보호시설|유치장)(?:으로|로)\s?(?:\S+\s)?"
    r"(?:옮[겨기긴겼]|이송|압송|호송|넘[겨기긴겼]|보[내냈낸]|데려|끌려)"
)

# "혜산시 노동단련대로 보내졌다": where a returnee is punished, the place of the punishment.
_PUNISHED_AT = re.compile(r"^\S*?(?:교화소|단련대|관리소|집결소|구류장)(?:으로|로)\s")


def background_cue(sentence: str) -> bool:
    return bool(_BACKGROUND.search(sentence))


def refers_to_group(sentence: str) -> bool:
    return bool(_GROUP_OPENING.search(sentence))


def hedged(sentence: str) -> bool:
    return bool(_HEDGED.search(sentence))


def reporting_spans(sentence: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), m.group(0)) for m in _REPORTING.finditer(sentence)]
    teller = telling_date_start(sentence)
    if teller is not None:
        spans.append(Span(0, teller, sentence[:teller]))  # "국가정보원은 4일 …": the speaker and its day
    return sorted(spans, key=lambda s: s.start)


def telling_date_start(sentence: str) -> int | None:
    """Where the day of telling starts in "국가정보원은 4일 중국 당국이 지난달 중순 … 송환했다고 … 보고했다".

    Indirect speech opens on its speaker and the day it spoke; only a bare day ("4일", not "지난 4일")
    followed by another date of the reported event is read so, as the event keeps its own date.
    """
    opening = _TELLER_DATE.match(sentence)
    if opening is None or not _INDIRECT_END.search(sentence) or refers_to_group(sentence):
        return None
    return opening.start("date") if _LATER_DATE.search(sentence, opening.end()) else None


def refutes(sentence: str) -> bool:
    return bool(_REFUTES.search(sentence))


def place_roles(sentence: str, places: list[PlaceMention]) -> list[str | None]:
    """"origin", "destination" or None for each place, read from the words right after it."""
    roles: list[str | None] = []
    for place in places:
        after = _phrase_after(sentence, place.end)
        if _IGNORE_AFTER.match(sentence, place.end) or _mission_owner(place, sentence):
            roles.append("ignore")
        elif place.kind == "crossing":
            roles.append("origin" if _ROUTE_AFTER.match(after) else None)
        elif place.kind == "water":
            roles.append("origin")  # a river or sea is the route, never the place of the event
        elif _RIGHT_AFTER_DESTINATION.match(sentence, place.end) or _FACILITY_DESTINATION.match(sentence, place.end):
            roles.append("destination")
        elif _ORIGIN_AFTER.match(after):
            roles.append("origin")
        elif _DESTINATION_AFTER.match(after) and not _THERE_BEFORE.match(after) and not _PUNISHED_AT.match(after):
            roles.append("destination")
        else:
            roles.append(None)
    return roles


def _mission_owner(place: PlaceMention, sentence: str) -> bool:
    """"현지 한국 총영사관", "한국대사관": South Korea owns the mission; the event is abroad."""
    return place.kind == "country" and place.country == "KR" and bool(_MISSION_AFTER.match(sentence, place.end))


def _phrase_after(sentence: str, end: int) -> str:
    """The rest of the place's noun phrase and the word after it ("변방구류소로 옮겨져", "행 항공편")."""
    rest = sentence[end : end + 40]
    words = rest.split(" ")
    # Skip the bare nouns that still belong to the place's phrase ("투먼 변방구류소로").
    for index, word in enumerate(words[:4]):
        if _PHRASE_END.search(word) or index == 3:
            return " ".join(words[index:])
    return rest
