"""Publishing an incident: an editor's decision, audited, with the record rebuilt first.

Publishing rebuilds the record from the member reports' reviewed events so that a count a
monitor corrected a minute ago is the count that goes public. Titles and summaries are the
editor's own words in English and Korean; the linker never touches them.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from refwatch.errors import InvalidDecision
from refwatch.incidents.rederive import rederive
from refwatch.store.audit import record as audit
from refwatch.store.models import Incident, utcnow

PUBLIC_TEXT_FIELDS = ("title_en", "title_ko", "summary_en", "summary_ko")
PublicationAction = Literal["publish", "save", "unpublish"]
_VERBS = {"publish": "incident.publish", "unpublish": "incident.unpublish", "save": "incident.summary"}


def set_publication(session: Session, incident: Incident, *, actor: str, texts: dict[str, str],
                    action: PublicationAction) -> None:
    """Save the public texts and publish, keep or withdraw the incident, in the caller's transaction."""
    if action not in _VERBS:
        raise InvalidDecision(f"unknown publication action {action!r}: publish, save or unpublish")
    publishing = action == "publish" or (action == "save" and incident.published)
    if publishing and not (texts.get("summary_en") or texts.get("summary_ko")):
        raise InvalidDecision("a published incident needs a public summary in English or Korean")
    before = {"published": incident.published, **{name: getattr(incident, name) for name in PUBLIC_TEXT_FIELDS}}
    if publishing:
        rederive(session, incident.id)
    for name in PUBLIC_TEXT_FIELDS:
        setattr(incident, name, texts.get(name, ""))
    incident.published = publishing
    incident.updated_at = utcnow()
    after = {"published": incident.published, **{name: texts.get(name, "") for name in PUBLIC_TEXT_FIELDS}}
    audit(session, actor=actor, action=_VERBS[action], entity_type="incident", entity_id=incident.key,
          before=before, after=after)
