"""Language rules by language code, under versioned names (`refwatch.rules_en.v1`).

A language's rules live in a module with a `rules` attribute implementing
`refwatch.extract.mentions.LanguageRules`. Modules are imported on first use, once per
process; a language whose module is missing or fails to import gives a per-report
`NoRulesForLanguage` error instead of breaking the batch.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass

from refwatch.errors import NoRulesForLanguage
from refwatch.extract.mentions import LanguageRules


@dataclass(frozen=True, slots=True)
class Registration:
    code: str
    name: str
    module: str


_REGISTRY: dict[str, Registration] = {
    "en": Registration("en", "refwatch.rules_en.v1", "refwatch.extract.en"),
    "ko": Registration("ko", "refwatch.rules_ko.v1", "refwatch.extract.ko"),
}
_loaded: dict[str, LanguageRules | str] = {}
_lock = threading.Lock()


def register(code: str, name: str, module: str) -> None:
    """Add or replace the rules for `code` (plugins, tests)."""
    with _lock:
        _REGISTRY[code] = Registration(code, name, module)
        _loaded.pop(code, None)


def registered() -> dict[str, str]:
    """Language code → versioned rules name."""
    return {code: r.name for code, r in _REGISTRY.items()}


def _load(registration: Registration) -> LanguageRules | str:
    try:
        module = importlib.import_module(registration.module)
    except ModuleNotFoundError as e:
        if e.name and registration.module.startswith(e.name):
            return f"no rules for language {registration.code} ({registration.module} is not installed)"
        return f"rules for language {registration.code} failed to load: {type(e).__name__}: {e}"
    except Exception as e:  # another team's module may be mid-change: report it, do not crash
        return f"rules for language {registration.code} failed to load: {type(e).__name__}: {e}"
    rules = getattr(module, "rules", None)
    if rules is None:
        return f"no rules for language {registration.code} ({registration.module} has no `rules`)"
    return rules  # type: ignore[no-any-return]


def rules_for(code: str | None) -> LanguageRules:
    """The rules for `code`, loaded once; raises NoRulesForLanguage when there are none."""
    registration = _REGISTRY.get(code or "")
    if registration is None:
        raise NoRulesForLanguage(f"no rules for language {code or 'unknown'}")
    found = _loaded.get(registration.code)
    if found is None:
        with _lock:
            found = _loaded.get(registration.code)
            if found is None:
                found = _load(registration)
                _loaded[registration.code] = found
    if isinstance(found, str):
        raise NoRulesForLanguage(found)
    return found
