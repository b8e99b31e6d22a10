import re
from pathlib import Path

from refwatch.store.notes import SENSITIVE_KINDS
from refwatch.store.review import COUNT_QUALIFIERS, REVIEW_STATES
from refwatch.types import EVENT_TYPES
from refwatch.web.i18n import LANGUAGES, catalogue, parse_accept_language, translate
from refwatch.web.public.display import key_families
from refwatch.web.views.reports import QUEUE_VIEWS, REPORT_STATES

TEMPLATES = Path(__file__).parents[2] / "refwatch" / "web" / "templates"
STATIC_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']\s*[,)]""")
DYNAMIC_PREFIX = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']\s*~""")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
SAME_IN_BOTH = {"home.title", "nav.api", "review.event_short"}


def dynamic_keys() -> set[str]:
    """Keys templates build from data (`t("type." ~ event.type)`): every value they can take."""
    families = {
        "type.": EVENT_TYPES, "qualifier.": COUNT_QUALIFIERS, "state.": REPORT_STATES,
        "review.state_": REVIEW_STATES, "queue.view_": QUEUE_VIEWS, "queue.empty_": QUEUE_VIEWS,
        "sensitive.kind_": SENSITIVE_KINDS, "role.": ("viewer", "editor", "admin"),
        "login.problem_": ("wrong", "paused"),
        "done.": ("accept", "reject", "correct", "note", "note_empty", "sensitive", "sensitive_invalid"),
        "invalid.": ("number", "date", "country", "choice", "children_over_count"),
        "hint.": ("count", "children", "date", "country", "place", "authority"),
        "field.": ("count", "children", "date", "country", "place", "authority"),
        "error.title.": ("400", "401", "403", "404", "405", "409", "429"),
        "error.": tuple(f"RW70{n}" for n in range(8)),
    }
    families.update(key_families())  # the public incident site's families
    return {prefix + value for prefix, values in families.items() for value in values}


def test_i18n_catalogues_have_the_same_keys():
    english, korean = set(catalogue("en")), set(catalogue("ko"))
    assert english == korean, f"only en: {sorted(english - korean)}; only ko: {sorted(korean - english)}"


def test_i18n_every_key_a_template_uses_exists():
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        used |= set(STATIC_KEY.findall(template.read_text(encoding="utf-8")))
        prefixes = set(DYNAMIC_PREFIX.findall(template.read_text(encoding="utf-8")))
        for prefix in prefixes:
            assert any(key.startswith(prefix) for key in dynamic_keys()), f"{template.name}: {prefix!r} not listed"
    used |= dynamic_keys()
    used |= {"nav.home", "nav.api", "nav.queue", "nav.audit"}
    for lang in LANGUAGES:
        missing = used - set(catalogue(lang))
        assert not missing, f"{lang} lacks {sorted(missing)}"


def test_i18n_korean_is_translated_and_placeholders_match():
    english, korean = catalogue("en"), catalogue("ko")
    for key, text in english.items():
        assert set(re.findall(r"{\w+}", text)) == set(re.findall(r"{\w+}", korean[key])), key
        if key not in SAME_IN_BOTH:
            assert HANGUL.search(korean[key]), f"ko {key} looks untranslated: {korean[key]!r}"


def test_i18n_translate_fills_placeholders_and_falls_back():
    assert translate("ko", "queue.pending", pending=2, total=5) == "5건 중 2건"
    assert translate("en", "no.such.key") == "no.such.key"


def test_i18n_accept_language_parsing():
    assert parse_accept_language("fr-CH, fr;q=0.9, ko;q=0.8, en;q=0.7") == "ko"
    assert parse_accept_language("en-US,en;q=0.9") == "en"
    assert parse_accept_language("de, ja") is None
    assert parse_accept_language("ko;q=0, en;q=0.1") == "en"
