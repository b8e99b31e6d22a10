"""The audit log for admins: every change by a person, newest first, with the chain's status."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.store.audit import verify_chain
from refwatch.store.models import AuditEntry
from refwatch.web.auth import Admin
from refwatch.web.views._shared import PageRequest, factory, keyset_page, next_link, page_request, pages

router = APIRouter(include_in_schema=False)


def _changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Field by field, only what differs: easier to read than two JSON blobs."""
    old, new = before or {}, after or {}
    return [{"field": key, "before": old.get(key), "after": new.get(key)}
            for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)]


def audit_list(db: Session, *, paging: PageRequest, action: str | None = None) -> dict[str, Any]:
    query = select(AuditEntry)
    if action:
        query = query.where(AuditEntry.action == action)
    rows, last_id = keyset_page(db, query, AuditEntry.id, paging)
    check = verify_chain(db)
    return {
        "chain": {"ok": check.ok, "entries": check.entries, "first_bad_id": check.first_bad_id},
        "items": [{"id": r.id, "at": r.at, "actor": r.actor, "action": r.action, "entity_type": r.entity_type,
                   "entity_id": r.entity_id, "changes": _changes(r.before, r.after), "hash": r.hash}
                  for r in rows],
        "next": next_link("/workspace/audit", {"action": action}, last_id),
    }


@router.get("/workspace/audit", response_class=HTMLResponse)
def audit_page(request: Request, account: Admin, action: str | None = Query(None),
               before: int | None = None) -> HTMLResponse:
    paging = page_request(before, None, default=request.app.state.settings.api_page_size)
    with factory(request)() as db:
        data = audit_list(db, paging=paging, action=action or None)
    return pages(request).render(request, "workspace/audit.html", data)
