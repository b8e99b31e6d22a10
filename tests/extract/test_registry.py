"""Rules by language code under versioned names; a missing module is a per-report error."""

from __future__ import annotations

import pytest

from refwatch.errors import NoRulesForLanguage
from refwatch.extract import registry
from refwatch.extract.mentions import LanguageRules


def test_registry_names_are_versioned() -> None:
    names = registry.registered()
    assert names["en"] == "refwatch.rules_en.v1"
    assert names["ko"] == "refwatch.rules_ko.v1"


def test_registry_english_rules_implement_the_protocol() -> None:
    rules: LanguageRules = registry.rules_for("en")
    assert rules.code == "en" and rules.name == "refwatch.rules_en.v1"
    assert rules.sentences("One. Two.")


def test_registry_missing_module_gives_no_rules_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.setattr(registry, "_loaded", {})
    registry.register("xx", "refwatch.rules_xx.v1", "refwatch.extract.xx_not_written_yet")
    with pytest.raises(NoRulesForLanguage, match="no rules for language xx"):
        registry.rules_for("xx")


def test_registry_unknown_code() -> None:
    with pytest.raises(NoRulesForLanguage, match="no rules for language zz"):
        registry.rules_for("zz")
