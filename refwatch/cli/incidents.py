"""`refwatch incidents list|show|merge|split|move|unlock|pin|unpin|link|relink`.

Each command parses its options and calls one function of `refwatch.incidents`; decisions
run in one transaction with their audit entry. The watch loop links new reports itself
(`refwatch.pipeline`); `refwatch incidents link` does the same by hand.
"""

from __future__ import annotations

import getpass
import json
from typing import Any

import typer
from rich.table import Table

from refwatch.cli._common import console, open_store, user_errors
from refwatch.incidents import (
    incident_view,
    link_pending,
    list_incidents,
    merge_incidents,
    move_report,
    pin_fact,
    relink,
    split_incident,
    unlock_report,
    unpin_fact,
)
from refwatch.incidents.queries import IncidentView
from refwatch.store import transaction

app = typer.Typer(help="Incidents: reports linked into cases, with timeline, sources and conflicts.",
                  no_args_is_help=True)

BY = typer.Option(getpass.getuser(), "--by", help="Who makes the decision (written to the audit log).")
NOTE = typer.Option("", "--note", help="Why, for the audit log.")
SPLIT_REPORTS = typer.Argument(..., help="Reports that go to a new incident.")
INTEGER_FIELDS = ("people_min", "people_max", "children")


def _people(low: int | None, high: int | None) -> str:
    if low is None:
        return "?"
    return str(low) if high in (None, low) else f"{low}-{high}"


@app.command("list")
def list_(
    status: str | None = typer.Option(None, help="Only this status (detained, at_risk, repatriated...)."),
    country: str | None = typer.Option(None, help="Only this country (ISO code)."),
    published: bool | None = typer.Option(None, "--published/--unpublished", help="Only public (or private) ones."),
    order: str = typer.Option("urgency", help="urgency, recent or first."),
    limit: int = typer.Option(30, min=1, max=1000),
) -> None:
    """Active incidents, most urgent first."""
    store = open_store()
    with store.factory() as session:
        rows = list_incidents(session, status=status, country=country, published=published, order=order, limit=limit)
    table = Table(title=f"{len(rows)} incidents")
    for column in ("key", "status", "where", "people", "kids", "since", "last news", "urgency", "reports",
                   "sources", "conflicts"):
        table.add_column(column)
    for row in rows:
        where = ", ".join(p for p in (row.place, row.country) if p)
        table.add_row(row.key, row.status, where, _people(row.people_min, row.people_max), str(row.children or ""),
                      row.first_event_date or "", row.last_reported or "", f"{row.urgency:.0f}",
                      str(row.report_count), str(row.independent_sources), str(row.conflict_count or ""))
    console.print(table)


def _print_view(view: IncidentView) -> None:
    s, record = view.summary, view.record
    console.print(f"[bold]{s.key}[/bold]  {s.status}  urgency {s.urgency:.0f}  "
                  f"{'published' if s.published else 'not published'}", highlight=False)
    for label, value in (
        ("where", ", ".join(p for p in (s.place, s.country) if p)),
        ("people", _people(s.people_min, s.people_max)), ("children", s.children),
        ("events", f"{record.get('first_event_date') or '?'} .. {record.get('last_event_date') or '?'}"),
        ("reported", f"{record.get('first_reported') or '?'} .. {record.get('last_reported') or '?'}"),
        ("in custody", f"{record.get('days_in_custody')} days"),
        ("urgency", "; ".join((record.get("urgency") or {}).get("reasons", []))),
        ("pinned", ", ".join(f"{k}={v}" for k, v in view.pins.items())),
        ("merged from", ", ".join(view.merged_from)),
    ):
        if value not in (None, "", "None days"):
            console.print(f"{label:>12}: {value}", highlight=False)
    console.print("\n[bold]timeline[/bold]")
    for n, step in enumerate(record.get("timeline") or []):
        refuted = f"  [red]refuted by {', '.join(step['refuted_by'])}[/red]" if step.get("refuted_by") else ""
        people = _people(step.get("count_min"), step.get("count_max"))
        console.print(f"  {n}. {step.get('date') or 'undated':<10} {step['type']:<12} "
                      f"{'; '.join(step.get('places') or []) or step.get('country') or ''}  people {people}  "
                      f"reports {', '.join(step['reports'])}{refuted}", highlight=False)
    console.print(f"\n[bold]sources[/bold]: {len(record.get('chains') or [])} independent chains")
    for chain in record.get("chains") or []:
        copies = f" (copies: {', '.join(chain['copies'])})" if chain.get("copies") else ""
        console.print(f"  {chain['origin']}: {', '.join(chain['reports'])}{copies}", highlight=False)
    if record.get("conflicts"):
        console.print("\n[bold]conflicts[/bold]")
        for conflict in record["conflicts"]:
            console.print(f"  {conflict['kind']} at step {conflict['step']} ({conflict['type']}): "
                          f"{json.dumps(conflict['values'], ensure_ascii=False)}", highlight=False)
    console.print("\n[bold]reports[/bold]")
    for report in view.reports:
        lock = "locked" if report.locked else f"score {report.score:.1f}" if report.score is not None else ""
        console.print(f"  {report.report_id:>6} {report.published or '':<10} {report.language or '?':<2} "
                      f"{(report.outlet or '')[:24]:<24} {(report.title or '')[:60]}  [{report.assigned_by} {lock}]",
                      highlight=False, markup=False)


@app.command("show")
def show(
    key: str = typer.Argument(..., help="The incident's key (or id)."),
    as_json: bool = typer.Option(False, "--json", help="Print the derived record as JSON."),
) -> None:
    """One incident: custody timeline, source chains, conflicts and its reports."""
    store = open_store()
    with user_errors(), store.factory() as session:
        view = incident_view(session, key)
    if as_json:
        print(json.dumps({"key": view.summary.key, "pins": view.pins, **view.record}, ensure_ascii=False, indent=2))
        return
    _print_view(view)


@app.command("merge")
def merge(source: str = typer.Argument(..., help="Incident folded in (its key keeps leading to the target)."),
          target: str = typer.Argument(..., help="Incident that stays."), by: str = BY, note: str = NOTE) -> None:
    """Merge two incidents that are one group; re-linking will keep them together."""
    store = open_store()
    with user_errors(), transaction(store.factory) as session:
        kept = merge_incidents(session, source=source, target=target, actor=by, note=note)
        console.print(f"merged {source} into {kept.key}", highlight=False)


@app.command("split")
def split(key: str = typer.Argument(..., help="The incident to split."),
          report_ids: list[int] = SPLIT_REPORTS,
          by: str = BY, note: str = NOTE) -> None:
    """Move some reports out into a new incident; re-linking will keep the two apart."""
    store = open_store()
    with user_errors(), transaction(store.factory) as session:
        created = split_incident(session, incident=key, report_ids=report_ids, actor=by, note=note)
        console.print(f"split {len(report_ids)} reports from {key} into {created.key}", highlight=False)


@app.command("move")
def move(report_id: int = typer.Argument(..., help="The report to move."),
         to: str | None = typer.Option(None, "--to", help="Target incident; omit for a new incident."),
         by: str = BY, note: str = NOTE) -> None:
    """Put one report in another incident and lock it there."""
    store = open_store()
    with user_errors(), transaction(store.factory) as session:
        target = move_report(session, report_id=report_id, to=to, actor=by, note=note)
        console.print(f"report {report_id} is now in {target.key}", highlight=False)


@app.command("unlock")
def unlock(report_id: int = typer.Argument(...), by: str = BY, note: str = NOTE) -> None:
    """Hand a report back to the linker."""
    store = open_store()
    with user_errors(), transaction(store.factory) as session:
        unlock_report(session, report_id=report_id, actor=by, note=note)
        console.print(f"report {report_id} unlocked", highlight=False)


def _value(field: str, raw: str) -> Any:
    if field in INTEGER_FIELDS:
        try:
            return int(raw)
        except ValueError:
            return raw
    return raw


@app.command("pin")
def pin(key: str = typer.Argument(...), field: str = typer.Argument(..., help="status, country, place, people_min, "
                                                                              "people_max, children, first_event_date"),
        value: str = typer.Argument(...), by: str = BY, note: str = NOTE) -> None:
    """Pin or correct one fact of the incident; it stays through re-linking and re-extraction."""
    store = open_store()
    with user_errors(), transaction(store.factory) as session:
        pin_fact(session, incident=key, field=field, value=_value(field, value), actor=by, note=note)
        console.print(f"pinned {field}={value} on {key}", highlight=False)


@app.command("unpin")
def unpin(key: str = typer.Argument(...), field: str = typer.Argument(...), by: str = BY) -> None:
    """Remove a pin: the derived value shows again."""
    store = open_store()
    with user_errors(), transaction(store.factory) as session:
        unpin_fact(session, incident=key, field=field, actor=by)
        console.print(f"unpinned {field} on {key}", highlight=False)


@app.command("link")
def link() -> None:
    """Link every report waiting in state `extracted`."""
    store = open_store()
    with user_errors():
        summary = link_pending(store.factory, use_embeddings=store.settings.link_embeddings)
    console.print(f"{summary.linked} linked, {summary.new_incidents} new incidents, {summary.locked} kept by a lock, "
                  f"{summary.not_relevant} not relevant", highlight=False)


@app.command("relink")
def relink_() -> None:
    """Link every stored report again; reports people placed stay where they are."""
    store = open_store()
    with user_errors():
        summary = relink(store.factory)
    console.print(f"{summary.linked} re-linked, {summary.new_incidents} new incidents", highlight=False)
