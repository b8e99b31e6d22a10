"""Full-text search on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm): Korean and English, short
Korean words, place and country names in the other language, and an index kept in step."""

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from refwatch.store import transaction
from refwatch.store.models import Incident
from refwatch.store.models import Report as ReportRow
from refwatch.store.reports import save_report
from refwatch.store.search import incident_condition, parse_query, report_condition, search_report_ids
from refwatch.types import Report
from refwatch.web.public.names import EVERY_INCIDENT_WORDS, country_spellings, place_spellings, status_spellings

TEXTS = {
    "ko": ("탈북민 5명 선양서 체포",
           "중국 공안이 지난 3일 선양에서 탈북민 5명을 체포했다. 이들은 강제북송 위기에 처했다."),
    "en": ("Seven caught in Mong Cai", "Vietnamese border guards caught seven North Koreans in Mong Cai."),
    "other": ("Missile test", "North Korea fired a missile into the sea on Tuesday, 100% sure."),
}


@pytest.fixture
def reports(factory):
    ids = {}
    with transaction(factory) as db:
        for name, (title, body) in TEXTS.items():
            ids[name] = save_report(db, Report(text=body, title=title, language="en")).report_id
    return ids


def found(factory, words):
    with factory() as db:
        return set(search_report_ids(db, parse_query(words), limit=50))


def test_search_reports_in_korean_and_english(factory, reports):
    assert found(factory, "강제북송") == {reports["ko"]}
    assert found(factory, "선양") == {reports["ko"]}  # two syllables: shorter than a trigram
    assert found(factory, "체포 탈북민") == {reports["ko"]}
    assert found(factory, "mong cai") == {reports["en"]}
    assert found(factory, "NORTH KOREA") == {reports["en"], reports["other"]}
    assert found(factory, "north 체포") == set()
    assert found(factory, "100%") == {reports["other"]}
    assert found(factory, "%") == {reports["other"]}  # a literal percent sign, not a wildcard
    assert found(factory, '" OR 1=1 --') == set()
    assert found(factory, "") == {reports["ko"], reports["en"], reports["other"]}


def test_search_index_follows_changes_to_reports(factory, reports):
    with transaction(factory) as db:
        db.execute(update(ReportRow).where(ReportRow.id == reports["other"])
                   .values(text="Thai police arrested nine people in Chiang Rai."))
    assert found(factory, "missile") == {reports["other"]}  # still in the title
    assert found(factory, "Chiang Rai") == {reports["other"]}
    assert found(factory, "fired") == set()
    with transaction(factory) as db:
        db.delete(db.get(ReportRow, reports["other"]))
    assert found(factory, "Chiang Rai") == set()


def test_search_incidents_by_other_spellings_of_places_and_countries(factory):
    with transaction(factory) as db:
        db.add_all([Incident(key="inc-a", place="Shenyang", country="CN", summary_ko="선양에서 10명 체포", record={}),
                    Incident(key="inc-b", place="Mong Cai", country="VN", title_en="Seven held", record={})])
    spellings = {"places": place_spellings(), "countries": country_spellings()}

    def keys(words):
        with factory() as db:
            query = parse_query(words, **spellings)
            return set(db.scalars(select(Incident.key).where(incident_condition(db, query))))

    assert keys("Shenyang") == {"inc-a"}
    assert keys("선양") == {"inc-a"}
    assert keys("심양") == {"inc-a"}  # an older Korean spelling, through the place table
    assert keys("몽까이") == {"inc-b"}
    assert keys("베트남") == {"inc-b"} and keys("vietnam") == {"inc-b"} and keys("중국") == {"inc-a"}
    assert keys("seven") == {"inc-b"}
    assert keys("체포 중국") == {"inc-a"} and keys("체포 베트남") == set()
    with transaction(factory) as db:
        db.execute(update(Incident).where(Incident.key == "inc-b").values(title_en="Released after a week"))
    assert keys("seven") == set() and keys("week") == {"inc-b"}


def test_search_incidents_by_what_happened_and_without_domain_words(factory):
    with transaction(factory) as db:
        db.add_all([Incident(key="inc-r", place="Tumen", country="CN", status="repatriated", record={}),
                    Incident(key="inc-f", place="Shenyang", country="CN", status="released", record={}),
                    Incident(key="inc-h", place="Mong Cai", country="VN", status="detained", record={})])
    spellings = {"places": place_spellings(), "countries": country_spellings(), "statuses": status_spellings(),
                 "everywhere": EVERY_INCIDENT_WORDS}

    def keys(words):
        with factory() as db:
            return set(db.scalars(select(Incident.key).where(incident_condition(db, parse_query(words, **spellings)))))

    assert keys("북송") == {"inc-r"} and keys("returned") == {"inc-r"} and keys("강제북송된") == {"inc-r"}
    assert keys("석방") == {"inc-f"} and keys("Released") == {"inc-f"}
    assert keys("체포 베트남") == {"inc-h"} and keys("detained China") == set()
    assert keys("탈북민 선양") == {"inc-f"}  # the domain word narrows nothing, the place does
    assert keys("North Korean refugees") == {"inc-r", "inc-f", "inc-h"}
    assert keys("탈북민 라오스") == set()


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_search_postgres_uses_the_trigram_index(engine, reports):
    assert engine.dialect.name == "postgresql"
    with engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))
        with Session(bind=connection) as db:
            statement = select(ReportRow.id).where(report_condition(db, parse_query("강제북송")))
            compiled = statement.compile(connection, compile_kwargs={"literal_binds": True})
            plan = "\n".join(row[0] for row in connection.execute(text(f"EXPLAIN {compiled}")))
            incidents = select(Incident.id).where(incident_condition(db, parse_query("Shenyang")))
            compiled = incidents.compile(connection, compile_kwargs={"literal_binds": True})
            plan += "\n".join(row[0] for row in connection.execute(text(f"EXPLAIN {compiled}")))
    assert "ix_reports_search_trgm" in plan and "ix_incidents_search_trgm" in plan
