"""A generator of realistic report streams for the linking benchmark.

Incidents start at a steady rate across some 300 places in the countries where North Koreans
are caught; each group moves along a custody path (caught, maybe moved toward the border, at
risk, then returned, released and safe, or no news). Each incident is told by 1-12 reports
over the following weeks: an original story in English or Korean, syndicated wire copies
(same text, new dateline), translations (other language, other words), and follow-ups that
recap earlier steps, sometimes with another count. The extracted events carry noise (dropped
events, shifted dates, changed counts, blank places). Texts mix event sentences with filler
drawn from a large random vocabulary, so unrelated reports share no more shingles than real
news does. Embeddings are synthetic (topic + incident + noise), because encoding a million
texts would take hours; their cost per report is constant and measured separately.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from refwatch.types import Event, Extraction, Report

REAL_PLACES = (
    ("CN", "Shenyang", 41.80, 123.43), ("CN", "Dandong", 40.12, 124.39), ("CN", "Tumen", 42.97, 129.84),
    ("CN", "Yanji", 42.91, 129.51), ("CN", "Hunchun", 42.87, 130.36), ("CN", "Changbai", 41.42, 128.20),
    ("CN", "Kunming", 25.04, 102.71), ("CN", "Changchun", 43.88, 125.32), ("CN", "Longjing", 42.77, 129.42),
    ("CN", "Dongxing", 21.55, 107.97), ("CN", "Qingdao", 36.07, 120.38), ("VN", "Mong Cai", 21.52, 107.96),
    ("VN", "Lang Son", 21.85, 106.76), ("VN", "Ha Giang", 22.82, 104.98), ("LA", "Vientiane", 17.97, 102.60),
    ("LA", "Luang Namtha", 20.95, 101.40), ("LA", "Houayxay", 20.27, 100.41), ("TH", "Chiang Rai", 19.91, 99.83),
    ("TH", "Chiang Saen", 20.27, 100.08), ("TH", "Bangkok", 13.75, 100.50), ("KH", "Phnom Penh", 11.56, 104.92),
    ("MN", "Ulaanbaatar", 47.89, 106.91), ("MN", "Zamyn-Uud", 43.72, 111.90), ("RU", "Vladivostok", 43.12, 131.89),
)
COUNTRY_WEIGHTS = {"CN": 0.55, "VN": 0.12, "LA": 0.09, "TH": 0.11, "KH": 0.04, "MN": 0.05, "RU": 0.04}
BORDER = ("Dandong", "Tumen", "Hunchun", "Changbai")
OUTLETS = {"en": ("Mekong Wire", "Seoul Ledger", "Pacific Rim Dispatch", "Border Rights Watch", "Asia Monitor",
                  "Korea Herald Daily", "Northern Crossings"),
           "ko": ("누리통신", "한빛일보", "동녘신문", "북녘소식", "바른소리방송", "동해신문")}
SYLLABLES_EN = ("ka", "lo", "mi", "ren", "tu", "sa", "vor", "ni", "el", "dan", "po", "quin", "ra", "shu", "te", "bel")
EN_EVENT = {
    "detained": ("{n} North Koreans were arrested in {place} on {day}, {who} said.",
                 "Police in {place} detained {n} defectors from the North on {day}."),
    "transferred": ("The group of {n} was handed over to authorities in {dest} on {day}.",
                    "On {day} the {n} were moved from {place} to a facility in {dest}."),
    "at_risk": ("Activists fear the {n} could be sent back to North Korea within days.",
                "The {n} face forced return, {who} warned."),
    "repatriated": ("The {n} were sent back across the border at {place} on {day}.",
                    "China repatriated the {n} North Koreans through {place} on {day}."),
    "released": ("The {n} were released on {day} and handed to a diplomatic mission.",),
    "arrived": ("All {n} arrived safely on {day}, {who} confirmed.",),
}
KO_EVENT = {
    "detained": ("탈북민 {n}명이 {day} {place}에서 체포됐다고 {who}가 밝혔다.",
                 "{place} 공안이 {day} 탈북민 {n}명을 붙잡았다."),
    "transferred": ("이들 {n}명은 {day} {dest}로 이송된 것으로 전해졌다.",),
    "at_risk": ("이들 {n}명은 강제북송 위기에 처해 있다고 {who}는 우려했다.",),
    "repatriated": ("탈북민 {n}명이 {day} {place}를 통해 강제북송됐다.",),
    "released": ("이들 {n}명은 {day} 석방돼 공관에 인계됐다.",),
    "arrived": ("{n}명 전원이 {day} 안전하게 도착했다고 {who}가 확인했다.",),
}
WHO = {"en": ("a government official", "an aid worker", "a local source", "the NGO"),
       "ko": ("정부 소식통", "현지 소식통", "북한인권단체", "선교사")}


@dataclass
class Incident:
    number: int
    country: str
    place: tuple[str, str, float, float]
    size: int
    children: int | None
    steps: list[tuple[str, int, tuple[str, str, float, float]]]
    vector: np.ndarray


@dataclass(order=True)
class Pending:
    day: int
    serial: int
    incident: Incident = field(compare=False)
    kind: str = field(compare=False)
    source: int | None = field(compare=False, default=None)


@dataclass
class StreamReport:
    """One generated report: what the linker gets, plus the truth for scoring."""

    serial: int
    report: Report
    extraction: Extraction
    embedding: np.ndarray
    incident: int


def _places(rng: random.Random) -> list[tuple[str, str, float, float]]:
    places = list(REAL_PLACES)
    for country, weight in COUNTRY_WEIGHTS.items():
        anchors = [p for p in REAL_PLACES if p[0] == country]
        for _ in range(int(weight * 480)):
            base = rng.choice(anchors)
            name = "".join(rng.choice(SYLLABLES_EN) for _ in range(rng.randint(2, 3))).capitalize()
            places.append((country, name, base[2] + rng.uniform(-2, 2), base[3] + rng.uniform(-2, 2)))
    return places


class Stream:
    """An endless, reproducible stream of reports in publication order."""

    def __init__(self, *, seed: int = 1, reports_per_day: float = 100.0, start: date = date(1999, 1, 1)) -> None:
        self.rng = random.Random(seed)
        self.np_rng = np.random.default_rng(seed)
        self.places = _places(self.rng)
        self.by_country: dict[str, list[tuple[str, str, float, float]]] = {}
        for place in self.places:
            self.by_country.setdefault(place[0], []).append(place)
        self.topic = self._unit(self.np_rng.normal(size=512))
        self.vocabulary = ["".join(self.rng.choice(SYLLABLES_EN) for _ in range(self.rng.randint(2, 4)))
                           for _ in range(5000)]
        self.hangul = [chr(self.rng.randint(0xAC00, 0xD7A3)) + chr(self.rng.randint(0xAC00, 0xD7A3))
                       for _ in range(5000)]
        self.incidents_per_day = reports_per_day / 3.4
        self.day = start.toordinal()
        self.queue: list[Pending] = []
        self.serial = 0
        self.incident_number = 0
        self.texts: dict[int, tuple[int, str, str]] = {}

    @staticmethod
    def _unit(vector: np.ndarray) -> np.ndarray:
        return vector / np.linalg.norm(vector)

    def _incident(self) -> Incident:
        rng = self.rng
        country = rng.choices(list(COUNTRY_WEIGHTS), weights=list(COUNTRY_WEIGHTS.values()))[0]
        place = rng.choice(self.by_country[country])
        size = max(1, int(rng.lognormvariate(1.5, 0.9)))
        day = self.day + rng.randint(0, 1)
        steps = [("detained", day, place)]
        if rng.random() < 0.4:
            border = rng.choice(BORDER)
            dest = next(p for p in REAL_PLACES if p[1] == border)
            day += rng.randint(3, 20)
            steps.append(("transferred", day, dest))
            place = dest
        steps.append(("at_risk", day + 1, place))
        outcome = rng.random()
        if outcome < 0.4:
            steps.append(("repatriated", day + rng.randint(5, 30), place))
        elif outcome < 0.75:
            day += rng.randint(5, 40)
            steps += [("released", day, place), ("arrived", day + rng.randint(1, 20), place)]
        self.incident_number += 1
        return Incident(self.incident_number, country, steps[0][2], size,
                        rng.randint(1, 2) if rng.random() < 0.3 else None, steps,
                        self._unit(self.np_rng.normal(size=512)))

    def _schedule(self, incident: Incident) -> None:
        first = incident.steps[0][1] + self.rng.randint(0, 3)
        kinds = ["original"] + [self.rng.choice(("copy", "copy", "translation", "followup", "followup"))
                                for _ in range(min(11, int(self.rng.expovariate(1 / 2.4))))]
        serial_of_original = None
        for kind in kinds:
            self.serial += 1
            offset = 0 if kind == "original" else self.rng.randint(0, 2) if kind == "copy" else self.rng.randint(1, 60)
            pending = Pending(first + offset, self.serial, incident, kind, serial_of_original)
            serial_of_original = serial_of_original or self.serial
            heapq.heappush(self.queue, pending)

    def __iter__(self) -> Iterator[StreamReport]:
        while True:
            while not self.queue or self.queue[0].day > self.day:
                for _ in range(np.random.default_rng(self.day).poisson(self.incidents_per_day)):
                    self._schedule(self._incident())
                self.day += 1
            yield self._report(heapq.heappop(self.queue))

    def _report(self, pending: Pending) -> StreamReport:
        rng, incident = self.rng, pending.incident
        known = [s for s in incident.steps if s[1] <= pending.day] or incident.steps[:1]
        language = rng.choice(("en", "ko"))
        if pending.kind == "copy" and pending.source in self.texts:
            _day, language, text = self.texts[pending.source]
            paragraphs = text.split("\n")
            text = f"({rng.choice(OUTLETS[language])} {pending.serial}) " + "\n".join(paragraphs[:-1] or paragraphs)
        else:
            text = self._text(language, incident, known, pending.serial)
        if pending.kind == "original":
            self.texts[pending.serial] = (pending.day, language, text)
            if len(self.texts) > 20_000:  # copies follow within days: forget older originals
                self.texts = {k: v for k, v in self.texts.items() if v[0] >= pending.day - 5}
        published = date.fromordinal(pending.day).isoformat()
        report = Report(text=text, title=text.split("\n")[0][:90], outlet=rng.choice(OUTLETS[language]),
                        published=published, language=language, external_id=f"s{pending.serial}")
        events = tuple(self._noisy(step, incident) for step in known if rng.random() > 0.15)
        extraction = Extraction(report_id=str(pending.serial), language=language, relevant=True, score=1.0,
                                events=events, sources=())
        noise = self.np_rng.normal(size=512)
        embedding = self._unit(0.75 * self.topic + 0.5 * incident.vector + 0.43 * self._unit(noise))
        return StreamReport(pending.serial, report, extraction, embedding.astype(np.float32), incident.number)

    def _noisy(self, step: tuple[str, int, tuple[str, str, float, float]], incident: Incident) -> Event:
        rng = self.rng
        kind, day, place = step
        count = incident.size if rng.random() > 0.1 else max(1, incident.size + rng.choice((-2, -1, 1, 2)))
        shown_day = day + (rng.choice((-2, -1, 1, 3)) if rng.random() < 0.1 else 0)
        blank = rng.random() < 0.1
        return Event(type=kind, date=None if kind == "at_risk" else date.fromordinal(shown_day).isoformat(),
                     date_precision="unknown" if kind == "at_risk" else "day",
                     country=incident.country if kind != "arrived" else "KR",
                     place=None if blank else place[1], lat=None if blank else place[2],
                     lon=None if blank else place[3], count=count, count_qualifier="exact",
                     children=incident.children)

    def _text(self, language: str, incident: Incident, known: list, serial: int) -> str:
        rng = self.rng
        lines = []
        day_format = "%B %d" if language == "en" else "%m월 %d일"
        for kind, day, place in known:
            template = rng.choice((EN_EVENT if language == "en" else KO_EVENT)[kind])
            lines.append(template.format(n=incident.size, place=place[1], dest=place[1], who=rng.choice(WHO[language]),
                                         day=date.fromordinal(day).strftime(day_format)))
        words = self.vocabulary if language == "en" else self.hangul
        for _ in range(rng.randint(3, 6)):
            filler = " ".join(rng.choice(words) for _ in range(rng.randint(8, 16)))
            lines.insert(rng.randint(1, len(lines)), filler + ".")
        lines.append(f"Ref {serial}.")
        return "\n".join(lines)
