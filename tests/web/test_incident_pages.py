"""The public incident list and incident page: only published incidents, their record in words,
sources without quotes, counts with their uncertainty, both languages."""

import re

import pytest
from sqlalchemy import select, update

from refwatch.incidents import merge_incidents
from refwatch.store import transaction
from refwatch.store.models import Incident
from tests.web.incident_seed import SeedReport, seed_incident

pytestmark = pytest.mark.anyio

VIETNAM = [SeedReport("Vietnamese border guards caught seven North Koreans, among them three children, in Mong Cai "
                      "on March 2.", "Seven caught in Mong Cai",
                      [dict(type="detained", date="2023-03-02", date_precision="day", country="VN", place="Mong Cai",
                            lat=21.52, lon=107.96, count=7, count_qualifier="exact", children=3,
                            evidence="Vietnamese border guards caught seven North Koreans")],
                      outlet="Saigon Daily", published="2023-03-04")]
RETURNED = [SeedReport("China sent back about twenty North Koreans from Tumen on 3 January, a rights group said.",
                       "Twenty returned at Tumen",
                       [dict(type="repatriated", date="2022-01-03", date_precision="day", country="CN", place="Tumen",
                             lat=42.97, lon=129.82, count=20, count_qualifier="about",
                             evidence="China sent back about twenty North Koreans from Tumen")],
                       outlet="Border Watch", published="2022-01-05")]


def keys_on(html):
    return set(re.findall(r'href="/incidents/(inc-[a-z0-9]+)"', html))


@pytest.fixture
def published(store):
    return seed_incident(store.factory)


async def test_incident_pages_list_only_published_incidents(client, store, published):
    hidden = seed_incident(store.factory, VIETNAM, publish=False)
    page = await client.get("/incidents")
    assert page.status_code == 200
    assert keys_on(page.text) == {published.key}
    assert (await client.get(f"/incidents/{hidden.key}")).status_code == 404
    assert (await client.get(f"/api/v1/incidents/{hidden.key}")).status_code == 404
    home = await client.get("/")
    assert keys_on(home.text) == {published.key}


async def test_incident_pages_filters_narrow_the_list(client, store, published):
    vietnam = seed_incident(store.factory, VIETNAM)
    returned = seed_incident(store.factory, RETURNED)
    everything = {published.key, vietnam.key, returned.key}
    assert keys_on((await client.get("/incidents")).text) == everything
    assert keys_on((await client.get("/incidents?country=VN")).text) == {vietnam.key}
    assert keys_on((await client.get("/incidents?country=cn&status=repatriated")).text) == {returned.key}
    assert keys_on((await client.get("/incidents?children=1")).text) == {published.key, vietnam.key}
    assert keys_on((await client.get("/incidents?since=2023-01")).text) == {published.key, vietnam.key}
    assert keys_on((await client.get("/incidents?until=2023")).text) == {vietnam.key, returned.key}
    assert keys_on((await client.get("/incidents?since=2023-03-02&until=2023-03-02")).text) == {vietnam.key}
    assert (await client.get("/incidents?status=kidnapped")).status_code == 400
    assert (await client.get("/incidents?since=May")).status_code == 400


async def test_incident_pages_list_pages_through_every_incident(client, store):
    made = set()
    places = [("CN", "Dandong"), ("VN", "Lang Son"), ("LA", "Vientiane"), ("TH", "Chiang Rai"), ("MN", "Ulaanbaatar")]
    for n, (country, place) in enumerate(places):
        report = SeedReport(f"Police detained {n + 3} North Koreans in {place} in {2015 + n}.", f"Group in {place}",
                            [dict(type="detained", date=f"{2015 + n}-0{n + 1}-1{n}", date_precision="day",
                                  country=country, place=place, count=n + 3, count_qualifier="exact")],
                            published=f"{2015 + n}-0{n + 1}-2{n}", outlet=f"Outlet {n}")
        made.add(seed_incident(store.factory, [report]).key)
    assert len(made) == 5
    seen, path, pages = [], "/api/v1/incidents?limit=2", 0
    while path:
        answer = (await client.get(path)).json()
        seen += [item["key"] for item in answer["items"]]
        path, pages = answer["next"], pages + 1
    assert set(seen) == made and len(seen) == 5 and pages == 3
    reported = [item["last_reported"] for item in (await client.get("/api/v1/incidents")).json()["items"]]
    assert reported == sorted(reported, reverse=True)
    first = await client.get("/incidents")
    older = re.search(r'href="(/incidents\?before=[^"]+)"', first.text)
    assert older is None  # 5 incidents fit one page of 20


async def test_incident_pages_show_timeline_sources_counts_and_law(client, published):
    page = await client.get(f"/incidents/{published.key}?lang=en")
    html = page.text
    assert page.status_code == 200 and '<html lang="en">' in html
    assert "10–12 people" in html and "Reports differ: between 10 and 12 people." in html
    assert "including 2 children" in html
    assert "Custody timeline" in html and "2024-05-06 — detained" in html
    assert 'href="#source-1">S1</a>' in html and 'href="#source-2">S2</a>' in html
    assert "Mekong Wire" in html and "Hanbit NK" in html
    assert 'lang="ko">탈북민 12명 선양서 체포</a>' in html
    assert "about 12 people" in html  # what S2 says, with its qualifier
    assert "2 independent chains of sources" in html
    assert "article&nbsp;33" in html and "article&nbsp;3 of the Convention against Torture" in html
    assert "Commission of Inquiry" in html and "party since 1982" in html
    assert "faces forced repatriation" not in html  # evidence quotes stay in the workspace
    assert f'src="/incidents/{published.key}/map.svg"' in html


async def test_incident_pages_in_korean_use_korean_words_and_place_names(client, published):
    html = (await client.get(f"/incidents/{published.key}?lang=ko")).text
    assert '<html lang="ko">' in html
    assert "중국 선양" in html and "10~12명" in html
    assert "강제송환 금지 원칙" in html and "제33조" in html and "고문방지협약" in html
    assert "선양에서 체포된 10여 명이 강제북송 위기에 처했다." in html
    english = (await client.get(f"/incidents/{published.key}?lang=en")).text
    assert "Ten people detained in Shenyang face forced return." in english


async def test_incident_pages_tips_keep_their_outlet_and_title_hidden(client, store):
    tip = SeedReport("A contact said nine people were caught near Hunchun on 4 June.", "Tip from Pastor Lee's network",
                     [dict(type="detained", date="2024-06-04", date_precision="day", country="CN", place="Hunchun",
                           count=9, count_qualifier="exact")], outlet="Pastor Lee network", url=None,
                     published="2024-06-05")
    seeded = seed_incident(store.factory, [tip])
    html = (await client.get(f"/incidents/{seeded.key}")).text
    assert "Unpublished source (tip)" in html and "9 people" in html
    assert "Pastor Lee" not in html
    data = (await client.get(f"/api/v1/incidents/{seeded.key}")).json()
    assert data["sources"][0]["outlet"] is None and data["sources"][0]["title"] is None
    assert "Pastor Lee" not in str(data)


async def test_incident_pages_merged_key_leads_to_the_surviving_incident(client, store, published):
    other = seed_incident(store.factory, VIETNAM)
    with transaction(store.factory) as db:
        merge_incidents(db, source=other.key, target=published.key, actor="test")
    moved = await client.get(f"/incidents/{other.key}")
    assert moved.status_code == 303 and moved.headers["location"] == f"/incidents/{published.key}"
    api = await client.get(f"/api/v1/incidents/{other.key}")
    assert api.status_code == 308 and api.headers["location"] == f"/api/v1/incidents/{published.key}"


async def test_incident_pages_answer_304_while_nothing_changed(app, client, store, published):
    from datetime import UTC, datetime

    from refwatch.respond.context import RespondContext
    from tests.respond.helpers import Clock

    clock = Clock(datetime(2026, 11, 30, 3, 0, tzinfo=UTC))
    app.state.respond_ctx = RespondContext.from_settings(app.state.settings, clock=clock)
    path = f"/incidents/{published.key}"
    first = await client.get(path)
    tag = first.headers["etag"]
    clock.advance(90)  # the response form's "shown at" stamp moved on: still the same page
    again = await client.get(path, headers={"if-none-match": tag})
    assert again.status_code == 304 and again.content == b""
    with transaction(store.factory) as db:
        db.execute(update(Incident).where(Incident.key == published.key)
                   .values(summary_en="New facts came in.", updated_at=Incident.updated_at))
        row = db.scalars(select(Incident).where(Incident.key == published.key)).one()
        row.updated_at = row.updated_at.replace(year=row.updated_at.year + 1)
    changed = await client.get(path, headers={"if-none-match": tag})
    assert changed.status_code == 200 and "New facts came in." in changed.text
    assert changed.headers["etag"] != tag


async def test_incident_pages_carry_actions_and_responses_and_a_working_form(app, client, store, published):
    from refwatch.store.models import ReaderResponse, UrgentAction
    from tests.web.conftest import csrf_from, new_client

    first = (await client.get(f"/incidents/{published.key}")).text  # now cached for anonymous visitors
    assert "Act now" not in first
    with transaction(store.factory) as db:
        db.add(UrgentAction(slug="free-the-ten", incident_key=published.key, title_en="Ask China not to return them",
                            created_by="eve"))
        db.add(ReaderResponse(target_type="incident", target_key=published.key, body_html="<p>Praying for them</p>",
                              body_text="Praying for them", state="approved", ip_hash="x"))
    page = (await client.get(f"/incidents/{published.key}")).text
    assert 'href="/act/free-the-ten">Ask China not to return them</a>' in page
    assert "Praying for them" in page
    async with new_client(app) as visitor:
        shown = (await visitor.get(f"/incidents/{published.key}")).text
        stamp = shown.split('name="stamp" value="')[1].split('"')[0]
        sent = await visitor.post(f"/responses/incident/{published.key}",
                                  data={"body": "Thank you for watching", "stamp": stamp,
                                        "csrf_token": csrf_from(shown)})
    assert sent.status_code == 200  # the cached page's form carries this visitor's own CSRF token
    with store.factory() as db:
        assert db.scalars(select(ReaderResponse.body_text).where(ReaderResponse.state != "approved")).all() == [
            "Thank you for watching"]
