"""Incidents for the web tests, made the way production makes them: reports with extractions,
linked by the real linker (without the sentence encoder), then published by a person."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from refwatch.incidents import link_pending
from refwatch.incidents.queries import incident_of_report
from refwatch.incidents.stored import new_key
from refwatch.store import transaction
from refwatch.store.models import Incident, IncidentReport
from refwatch.store.reports import save_report
from refwatch.types import Event, Extraction, Report
from tests.incidents.helpers import store_extraction


@dataclass
class SeedReport:
    text: str
    title: str
    events: list[dict[str, Any]]
    outlet: str = "Test Wire"
    language: str = "en"
    published: str = "2024-05-07"
    url: str | None = "https://news.example/{n}"
    sources: tuple[str, ...] = ()


@dataclass
class Seeded:
    key: str
    report_ids: list[int] = field(default_factory=list)


SHENYANG = [
    SeedReport("Chinese police detained 10 North Korean defectors in Shenyang on May 6, a source said. "
               "The group, including two children, faces forced repatriation.",
               "Ten North Koreans detained in Shenyang",
               [dict(type="detained", date="2024-05-06", date_precision="day", country="CN", place="Shenyang",
                     lat=41.79, lon=123.43, count=10, count_qualifier="exact", children=2, authority="Chinese police",
                     evidence="Chinese police detained 10 North Korean defectors in Shenyang"),
                dict(type="at_risk", country="CN", place="Shenyang", lat=41.79, lon=123.43, count=10,
                     count_qualifier="exact", evidence="faces forced repatriation")],
               outlet="Mekong Wire", sources=("Daily Example",)),
    SeedReport("중국 공안이 지난 6일 선양에서 탈북민 12명을 체포했다고 북한인권단체가 밝혔다. "
               "이들은 강제북송 위기에 처했다.",
               "탈북민 12명 선양서 체포", [dict(type="detained", date="2024-05-06", date_precision="day", country="CN",
                                          place="Shenyang", lat=41.79, lon=123.43, count=12,
                                          count_qualifier="about", evidence="선양에서 탈북민 12명을 체포했다")],
               outlet="Hanbit NK", language="ko", published="2024-05-08", sources=("북한인권단체",)),
]


def seed_incident(factory: sessionmaker[Session], reports: list[SeedReport] | None = None, *,
                  publish: bool = True, title_en: str = "", title_ko: str = "",
                  summary_en: str = "Ten people detained in Shenyang face forced return.",
                  summary_ko: str = "선양에서 체포된 10여 명이 강제북송 위기에 처했다.") -> Seeded:
    """Store the reports with their extractions, link them, and (by default) publish the incident."""
    reports = SHENYANG if reports is None else reports
    ids = []
    with transaction(factory) as db:
        for n, item in enumerate(reports):
            url = item.url.format(n=f"{item.title}-{n}".replace(" ", "-")) if item.url else None
            saved = save_report(db, Report(text=item.text, title=item.title, outlet=item.outlet, url=url,
                                           language=item.language, published=item.published))
            events = tuple(Event(**e) for e in item.events)
            store_extraction(db, saved.report_id, Extraction(report_id=str(saved.report_id), language=item.language,
                                                             relevant=True, score=0.9, events=events,
                                                             sources=item.sources))
            ids.append(saved.report_id)
    link_pending(factory, use_embeddings=False)
    with transaction(factory) as db:
        key = incident_of_report(db, ids[0])
        assert key is not None
        incident = db.scalars(select(Incident).where(Incident.key == key)).one()
        incident.title_en, incident.title_ko = title_en, title_ko
        incident.summary_en, incident.summary_ko = summary_en, summary_ko
        incident.published = publish
    return Seeded(key, ids)


def publish_reports(factory: sessionmaker[Session], report_ids: list[int], *, published: bool = True) -> str:
    """Put these reports in one incident by hand (no linker) and publish it; returns its key."""
    with transaction(factory) as db:
        incident = Incident(key=new_key(), published=published, record={}, created_by="test")
        db.add(incident)
        db.flush()
        db.add_all(IncidentReport(report_id=r, incident_id=incident.id, assigned_by="test", locked=True)
                   for r in report_ids)
        return incident.key
