"""Publishing the demo's incidents once, so a newcomer's public site is not empty.

In real use only an editor publishes, after review. The demo does it for the incidents that
several bundled reports tell of, as the account `refwatch-demo`, through the same audited
function the workspace uses; the audit log shows it, and it happens on the first run only.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from refwatch.incidents.publishing import set_publication
from refwatch.store import transaction
from refwatch.store.models import AuditEntry, Incident

DEMO_ACTOR = "refwatch-demo"
MIN_REPORTS = 2

_SUMMARY_EN = ("Demonstration incident, coded by refwatch from {reports} of its bundled sample reports "
               "(outlets, people and details are invented). Sources: {sources} independent.")
_SUMMARY_KO = ("refwatch에 포함된 예시 보도 {reports}건으로 자동 구성한 시연용 사건입니다(언론사, 인물, 세부 내용은 "
               "가상). 독립 출처 {sources}곳.")


def publish_demo_incidents(factory: sessionmaker[Session]) -> int:
    """Publish the incidents that at least two reports tell of; nothing on later runs."""
    with transaction(factory) as session:
        if session.scalar(select(AuditEntry.id).where(AuditEntry.actor == DEMO_ACTOR).limit(1)) is not None:
            return 0
        incidents = list(session.scalars(
            select(Incident).where(Incident.state == "active", Incident.published.is_(False),
                                   Incident.report_count >= MIN_REPORTS).order_by(Incident.id)))
        for incident in incidents:
            counts = {"reports": incident.report_count, "sources": incident.independent_sources}
            texts = {"title_en": "", "title_ko": "", "summary_en": _SUMMARY_EN.format(**counts),
                     "summary_ko": _SUMMARY_KO.format(**counts)}
            set_publication(session, incident, actor=DEMO_ACTOR, texts=texts, action="publish")
        return len(incidents)
