"""Finding places in a sentence, in English or Korean, through the built index.

English candidates are runs of capitalised words (plus a trailing "province", "county"…);
Korean candidates are the longest known name at the start of a word whose remainder is a
particle or a place suffix (단둥에서, 랴오닝성과, 무산군). Among several places with one name,
curated entries win, then places in the countries on the escape routes, then the largest.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from refwatch.extract.mentions import PlaceMention
from refwatch.extract.places.build import REGION, name_key

_DESIGNATORS = ("province", "prefecture", "county", "city", "region", "district", "state", "island", "river")
_CAPITALISED_RUN = re.compile(
    r"[A-Z][\w'’\-]*(?:\s+(?:of\s+)?[A-Z][\w'’\-]*)*(?:\s+(?:" + "|".join(_DESIGNATORS) + "))?"
)
_JOINED = re.compile(r"\b[A-Z][\w'’]*(?:-[A-Z][\w'’]*)+")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_MAX_WORDS = 5
_MIN_POPULATION_UNCURATED = 5_000
_MIN_ALTERNATE_KEY = 5  # short alternate spellings ('Bai') match too many words
_MIN_POPULATION_SENTENCE_START = 100_000

# Capitalised words that are place names somewhere but almost never in our news.
_ENGLISH_STOPWORDS = frozenset(
    """
    a an the he she they it we i in on at as but and or if by for from to of with after before when
    while police president minister ministry foreign unification korea korean koreans asia asian
    human rights watch news daily times mr ms mrs dr un united nations games january february march
    april may june july august september october november december jan feb mar apr jun jul aug sep
    sept oct nov dec monday tuesday wednesday thursday friday saturday sunday kim lee park choi han
    yoon kang jung cho min song moon shin kwon hwang ahn jang lim seo oh jeon ko bus van north
    south east west central border river bridge station city province county district region state
    island airport embassy office camp center centre church pastor general court prison long bay
    sun hat ban mae nam bang bat ha lo hai dong home new old great little this that these those
    there here his her their our its one two three four five six seven eight nine ten
    """.split()
)

# Korean words that collide with a place name in GeoNames' alternate names.
_HANGUL_STOPWORDS = frozenset(
    {
        "나라", "중앙", "시내", "지역", "국경", "현지", "당국", "정부", "대사", "공안", "법원", "통화", "코로나",
        "일로", "선원", "연대",
    }
)
# Small towns known only to GeoNames collide with common Korean words (법원 = court, 선원 = sailor); abroad,
# off the routes, only a big city is likely meant (하산 is Khasan on the Tumen, not Hassan in India).
_MIN_POPULATION_HANGUL_UNCURATED = 50_000
_MIN_POPULATION_HANGUL_ABROAD = 1_000_000
# A city's name followed by "province" (or Korean 성, 주) names the province: less precise than a town in it.
_PROVINCE_AFTER = re.compile(r"(?i)\s+(?:province|prefecture|region|state)\b")
_PROVINCE_WORDS = ("province", "prefecture", "region", "state")
_PROVINCE_SUFFIXES = ("성", "주")

# What may follow a Korean place name inside one word: particles and place suffixes.
_HANGUL_SUFFIXES = tuple(
    sorted(
        """
        에서부터 에서는 에서도 에서의 에서 으로부터 으로는 으로도 으로 로는 로도 로 에는 에도
        에게 에 의 을 를 은 는 이 가 과 와 까지 부터 만 도 시 성 현 군 구 항 시내 일대
        인근 지역 쪽 변방 국경 해관 세관 공항 외곽 근처 방향 시의 성의 현의 국경검문소 검문소
        구류소 수용소 공안국 당국 정부 측 내 주재 주 발 행 앞바다 해상 강 역 서
        """.split(),
        key=len,
        reverse=True,
    )
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    name: str
    country: str
    kind: str
    lat: float | None
    lon: float | None
    population: int
    curated: bool
    primary: bool


class Gazetteer:
    """Read-only access to one built index; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        rows = self._db.execute("SELECT DISTINCT key FROM names WHERE script = 'hangul'").fetchall()
        self._hangul_keys = frozenset(key for (key,) in rows if key not in _HANGUL_STOPWORDS)
        self._longest_hangul = max((len(k) for k in self._hangul_keys), default=0)
        self.candidates = lru_cache(maxsize=50_000)(self._candidates)

    def korean_names(self) -> list[str]:
        return sorted(self._hangul_keys)

    def _candidates(self, key: str) -> tuple[_Candidate, ...]:
        with self._lock:
            rows = self._db.execute(
                "SELECT p.name, p.country, p.kind, p.lat, p.lon, p.population, p.curated, MAX(n.primary_name)"
                " FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ? GROUP BY p.id",
                (key,),
            ).fetchall()
        ranked = sorted(
            (_Candidate(r[0], r[1], r[2], r[3], r[4], int(r[5] or 0), bool(r[6]), bool(r[7])) for r in rows),
            key=lambda c: (c.curated, c.country in REGION, c.primary, c.population),
            reverse=True,
        )
        return tuple(ranked)

    def best(self, key: str, *, country: str | None = None, strict: bool = False) -> _Candidate | None:
        """The most likely place called `key`; `country` narrows when it can."""
        candidates = self.candidates(key)
        if country:
            in_country = [c for c in candidates if c.country == country]
            if in_country:
                return in_country[0]
        for candidate in candidates:
            if candidate.curated or not strict:
                return candidate
            if not candidate.primary and len(key) < _MIN_ALTERNATE_KEY:
                continue
            if candidate.population >= _MIN_POPULATION_UNCURATED and candidate.country in REGION:
                return candidate
            if candidate.primary and candidate.population >= _MIN_POPULATION_SENTENCE_START:
                return candidate
        return None

    def lookup(self, name: str, country: str | None = None) -> PlaceMention | None:
        found = self.best(name_key(name), country=country)
        if found is None:
            return None
        return _mention(found, 0, len(name), name)

    def find(self, sentence: str) -> list[PlaceMention]:
        found = self._find_english(sentence) + self._find_korean(sentence)
        found.sort(key=lambda m: m.start)
        return found

    def _find_english(self, sentence: str) -> list[PlaceMention]:
        mentions: list[PlaceMention] = []
        if "-" in sentence:
            sentence = _JOINED.sub(self._split_joined, sentence)
        for run in _CAPITALISED_RUN.finditer(sentence):
            words = list(re.finditer(r"[\w'’\-]+", run.group(0)))
            i = 0
            while i < len(words):
                hit = None
                for j in range(min(len(words), i + _MAX_WORDS), i, -1):
                    start = run.start() + words[i].start()
                    end = run.start() + words[j - 1].end()
                    text = sentence[start:end]
                    if text.endswith(("'s", "’s")):
                        end -= 2
                        text = text[:-2]
                    key = name_key(text)
                    if j - i == 1 and key in _ENGLISH_STOPWORDS:
                        continue
                    sentence_start = sentence[:start].strip() == ""
                    candidate = self.best(key, strict=True)
                    if candidate is None:
                        continue
                    if j - i == 1 and text.isupper() and len(text) > 1 and not candidate.curated:
                        continue  # "the National Intelligence Service (NIS)": an acronym, not the town of Niš
                    if not candidate.curated and not _covers_run(words, i, j):
                        continue  # "Anna Sokolova": a known town inside a longer name is a person
                    if sentence_start and j - i == 1 and not candidate.curated and (
                        candidate.population < _MIN_POPULATION_SENTENCE_START
                    ):
                        continue
                    kind = candidate.kind
                    if kind == "city" and (
                        text.lower().endswith(_PROVINCE_WORDS) or _PROVINCE_AFTER.match(sentence, end)
                    ):
                        kind = "admin1"  # "Ha Giang province", "Svay Rieng province"
                    hit = (j, _mention(candidate, start, end, text, kind))
                    break
                if hit is None:
                    i += 1
                    continue
                mentions.append(hit[1])
                i = hit[0]
        return mentions

    def _split_joined(self, match: re.Match[str]) -> str:
        """ "the Tumen-Namyang crossing", "Lao Cai-Hekou": two places joined by a hyphen are read apart (same
        length, so positions hold), unless the whole is one known name ("Zamyn-Uud", "Ulan-Ude")."""
        token = match.group(0)
        if self.best(name_key(token), strict=True) is not None:
            return token
        return token.replace("-", " ")

    def _find_korean(self, sentence: str) -> list[PlaceMention]:
        mentions: list[PlaceMention] = []
        for word in _HANGUL_RUN.finditer(sentence):
            token = word.group(0)
            for length in range(min(len(token), self._longest_hangul), 1, -1):
                head = token[:length]
                if head not in self._hangul_keys:
                    continue
                rest = token[length:]
                if rest and not rest.startswith(_HANGUL_SUFFIXES):
                    continue
                candidate = self.best(head)
                if candidate is not None and _likely_hangul(candidate):
                    start = word.start()
                    province = rest.startswith(_PROVINCE_SUFFIXES) and not rest.startswith("주재")
                    kind = "admin1" if province and candidate.kind == "city" else candidate.kind
                    mentions.append(_mention(candidate, start, start + length, head, kind))
                break
        return mentions


def _likely_hangul(candidate: _Candidate) -> bool:
    if candidate.curated:
        return True
    if candidate.country not in REGION:
        return candidate.population >= _MIN_POPULATION_HANGUL_ABROAD
    return candidate.population >= _MIN_POPULATION_HANGUL_UNCURATED


def _covers_run(words: list[re.Match[str]], i: int, j: int) -> bool:
    """The words i..j are the whole capitalised run, give or take a trailing designator."""
    rest = [w.group(0).lower() for w in words[j:]]
    return i == 0 and all(word in _DESIGNATORS for word in rest)


def _mention(candidate: _Candidate, start: int, end: int, text: str, kind: str | None = None) -> PlaceMention:
    # GeoNames transliterations keep soft signs ("Razdol'noye"); English copy writes "Razdolnoye".
    name = candidate.name if candidate.curated else _SOFT_SIGN.sub("", candidate.name)
    return PlaceMention(
        start=start,
        end=end,
        text=text,
        name=name,
        country=candidate.country,
        lat=candidate.lat,
        lon=candidate.lon,
        kind=kind or candidate.kind,
    )


_SOFT_SIGN = re.compile(r"(?<=[a-z])['’ʹʼ](?=[a-z])")
