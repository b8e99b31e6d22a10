"""What the words after a Korean event word say about it: denied, planned, doubtful, or no event.

Split out of `triggers.py` (which reads the type and the group) so that each stays readable.
Every pattern is searched in the verb's own words (its last syllable up to its clause end),
except `POLICY_AFTER` and `RISK_NOUN`, which are matched right after the event word.
"""

from __future__ import annotations

import re

# Syllables whose final consonant is ㄹ: the future/irrealis adnominal (될, 넘길, 보낼, 할).
# (를 is only ever the object particle, so it is left out; 을 is both and needs the noun after it.)
IRREALIS = "[" + "".join(chr(0xAC00 + syllable * 28 + 8) for syllable in range(19 * 21)).replace("를", "") + "]"

NEGATED = re.compile(
    r"지\s?(?:않|못|말)|(?<![가-힣])(?:안|못)\s|않았|않은|않고|않는|없었|없는\s?것|사실이\s?아[니닌]|사실무근"
    r"|아닌\s?것으로|아니(?:다|라)|부인|벗어[나났난]|면했|모면|무산"
    # a doubt denied ("북송 가능성은 낮다"), an intention lacking ("귀순 의사가 없고")
    r"|가능성(?:은|이|도)?\s?(?:낮|희박|없|적)|의사(?:가|는|도)?\s?없"
)
PLANNED = re.compile(
    rf"^\S*{IRREALIS}\s?(?:것|예정|계획|방침|전망)|(?:예정|방침|계획)(?:이다|이며|이라|인|이었|으로|돼|된|입니다|이고)"
    r"|기로\s?(?:했|결정|합의|하)|^\S*(?:게\s?(?:된다|될)|려고|려던|려다|려는|고자|기\s?위해)"
    r"|^\S?(?:을|를)\s?(?:요구|촉구|요청|호소|희망|원하|바라)"
    # "억류 국민의 조속한 석방과 송환을 북한에 거듭 촉구했다": a demand, however many words it takes
    r"|^\S?(?:과\s?\S+)?(?:을|를)\s?(?:\S+\s){0,3}?(?:요구|촉구|요청|호소)"
    # an order, not its carrying out: "탈북하는 자는 사살하라는 지시가 내려왔다"
    r"|^\S*(?:라는|라고|란)\s?(?:지시|명령|지침|포고|방침)"
    # a plea in -아 달라 ("송환을 멈춰 달라고", "석방해 달라는") and a will in -겠- ("귀순하겠다는 뜻")
    r"|^\S*(?:\s\S+)?\s?달라(?:고|는|며|면서)|^\S*겠(?:다|습니다|다는|다고|다며)"
)
HYPOTHETICAL = re.compile(
    # "도착할 수 있었다" (were able to) happened; "도착할 수 있다" may not
    rf"^\S*{IRREALIS}\s?(?:수(?:도|가|는|조차)?(?=\s|$)(?!\s?있었)|가능성|우려|위험|지도|지\s|까|듯)|가능성|우려|위험"
    r"|(?:되|하|으|다|라|지|받|히|리|기|나|가|오|어|아)면(?=\s|$|,)|(?:는지|은지|을지)|지\s?모르"
    r"|확인되지\s?않|알려지지\s?않|가정|상정"
    # a return noun that modifies the next verb: "북송 열차에 태워질 수 있다"
    rf"|^\S?\s\S+\s\S*{IRREALIS}\s?수(?:도)?\s?있(?!었)"
)
# Hearsay the reporter does not vouch for is no event (the blind sets' gold codes none):
# "이미 혜산으로 넘겨졌다는 소문도 돈다", "…넘겨졌다는 이야기도 있다", "탈북민 체포설에 대해서는".
HEARSAY = re.compile(
    r"다는\s?(?:소문|풍문|이야기|얘기|말|설)(?:도|이|은|만|까지)?\s?(?:있|돈|돌|나오|나왔|나돌|들린|들려|전해)"
    r"|^\S설(?=[에이을은도과와]|\s|$)"
)
RISK_NOUN = re.compile(
    r"\S{0,3}\s?(?:것이라는\s?|것이란\s?|것은\s?|건\s?)?(?:위기|처지|우려|위험|임박|운명|기로|갈림길|시간문제|초읽기|절차를\s?밟|절차에\s?들어"
    r"|기다리|앞두|앞둔"  # "북송을 기다리고 있다", "송환을 앞두고": awaiting return
    r"|수\s?있는\s?(?:상황|처지)"  # "언제든 넘겨질 수 있는 상황에 놓여 있다"
    r"|피하기\s?(?:어렵|힘들)|피할\s?수\s?없|면하기\s?(?:어렵|힘들)|불가피)"
    # what a hand-over means for them: "투먼으로 넘겨졌다는 건 곧 북송된다는 뜻"
    r"|(?:된다|당한다|될\s?것이라|될\s?것이란)는?\s?(?:뜻|의미|얘기|이야기|말)"
)
POLICY_AFTER = re.compile(
    r"\s?(?:을|를|의)?\s?(?:(?:즉각|즉시|당장|조속히)\s?)?(?:중단|멈[추춰출춘]|금지|반대|규탄|저지|철회|정책|문제|원칙|관행|현황|통계|인원|건수|실태|논란|책임|제도|협정"
    # a heading or a drill, not an event: "강제북송 주요 사례", "해상 귀순 대응 합동훈련", "귀순 상황에 대비한"
    r"|(?:주요\s?)?(?:사례|일지|연표|추이)|대응|대비|훈련|상황"
    # the topic of a policy statement: "강제북송 우려와 관련해 … 예의주시하겠다"
    r"|우려(?:와|에)\s?(?:관련|대해|대한|관한))"
)
REPORTED_CLAIM = re.compile(r"다는\s?(?:보도|주장|소식|소문|설|얘기|말|의혹)")
REFUTED = re.compile(r"사실이\s?아[니닌]|사실무근|오보|부인|아닌\s?것으로|사실과\s?다르")

# "…으로 옮겨진 뒤 한국행 절차를 밟을 예정이다": a step told before a scheduled main verb is scheduled too
# (Korean tells the earlier step of a future sequence with the past adnominal). Predictions
# ("넘겨진 뒤 북송될 것으로 보인다") keep the step as done: it has usually happened.
_STEP_BEFORE = re.compile(r"\S*\s(?:뒤|후|다음)(?:에)?\s")
_SCHEDULED_MAIN = re.compile(rf"{IRREALIS}\s?(?:예정|계획|방침)|(?:예정|계획|방침)(?:이다|입니다|이며|이라)")
_SENTENCE_STOP = re.compile(r'[.?!"”]')
# A state told in the past adnominal -던 ("기다리던", "위기에 처했던"): over by the time of the main verb.
FORMER_STATE = re.compile(r"\S*?(?:\s\S*?)?던(?=\s)")


def scheduled_step(sentence: str, end: int) -> bool:
    """"옮겨진 뒤 … 절차를 밟을 예정이다": the first step of a scheduled sequence (`end`: the event word's end)."""
    step = _STEP_BEFORE.match(sentence, end)
    if step is None:
        return False
    rest = sentence[step.end() :]
    stop = _SENTENCE_STOP.search(rest)
    return bool(_SCHEDULED_MAIN.search(rest[: stop.start() if stop else len(rest)]))
