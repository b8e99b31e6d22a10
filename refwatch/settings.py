"""Every setting refwatch reads, declared in one table.

Values come from `REFWATCH_<NAME>` environment variables (or keyword overrides in tests);
nothing else in the package reads `os.environ`. Defaults that matter are named constants so
that a reader can find the fetch limits without hunting through the fetcher.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_DATA_DIR = "data"
DEFAULT_FETCH_TIMEOUT_S = 15.0
DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_HOST_INTERVAL_S = 1.0
DEFAULT_POLL_INTERVAL_S = 300
DEFAULT_EXTRACT_TIMEOUT_S = 20.0
DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_SMTP_TIMEOUT_S = 10.0
DEFAULT_OUTBOX_MAX_ATTEMPTS = 8
DEFAULT_WORKER_QUEUE = "refwatch"
DEFAULT_WORKER_TASK_TIMEOUT_S = 1800
DEFAULT_USER_AGENT = "refwatch/0.1 (+https://github.com/refwatch/refwatch; news monitor)"


def _bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {raw!r}")


def _list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Setting:
    name: str
    cast: Callable[[str], Any]
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", str, DEFAULT_DATA_DIR, "Folder for the SQLite database, the raw archive and caches."),
    Setting("database_url", str, "", "SQLAlchemy URL; empty means SQLite at DATA_DIR/refwatch.db."),
    Setting("cache_dir", str, "", "Folder for built indexes (the gazetteer); empty means ~/.cache/refwatch."),
    Setting("fetch_timeout", float, DEFAULT_FETCH_TIMEOUT_S, "Seconds before a fetch is abandoned."),
    Setting("max_body_bytes", int, DEFAULT_MAX_BODY_BYTES, "Largest response body kept; larger is refused."),
    Setting("max_redirects", int, DEFAULT_MAX_REDIRECTS, "Redirects followed before a fetch is refused."),
    Setting("host_interval", float, DEFAULT_HOST_INTERVAL_S, "Minimum seconds between requests to one host."),
    Setting("poll_interval", int, DEFAULT_POLL_INTERVAL_S, "Default seconds between polls of a feed."),
    Setting("user_agent", str, DEFAULT_USER_AGENT, "User-Agent sent with every request."),
    Setting("respect_robots", _bool, True, "Obey robots.txt of the sites fetched."),
    Setting(
        "allow_networks",
        _list,
        (),
        "Comma-separated CIDR networks the SSRF guard lets through (e.g. 127.0.0.0/8 in tests).",
    ),
    Setting("extract_timeout", float, DEFAULT_EXTRACT_TIMEOUT_S, "Seconds page extraction may run before a kill."),
    Setting("archive_skipped", _bool, False, "Also keep the raw bytes of pages the relevance gate skips."),
    Setting(
        "post_ingest_hooks",
        _list,
        (),
        "Comma-separated `module:function` processors run on newly ingested report ids.",
    ),
    Setting("secret_key", str, "", "Key for sessions and field encryption; generated into DATA_DIR if empty."),
    Setting("require_services", _bool, False, "Tests fail, not skip, when PostgreSQL or Redis is missing."),
    # --- web ---
    Setting("web_host", str, "127.0.0.1", "Address `refwatch serve` listens on."),
    Setting("web_port", int, 8000, "Port `refwatch serve` listens on."),
    Setting("https", _bool, False, "The site is reached over HTTPS (e.g. behind a proxy): Secure cookies and HSTS."),
    Setting("session_hours", int, 12, "Hours a workspace login lasts before the person signs in again."),
    Setting("session_idle_minutes", int, 120, "Minutes without a request after which a workspace login ends."),
    Setting("login_max_failures", int, 5, "Failed logins for one account within LOGIN_WINDOW before it is paused."),
    Setting("login_max_failures_per_ip", int, 20, "Failed logins from one address within LOGIN_WINDOW: pause."),
    Setting("login_window", int, 900, "Seconds over which failed logins are counted."),
    Setting("queue_refresh", int, 60, "Seconds between automatic reloads of the workspace queue; 0 turns them off."),
    Setting("api_page_size", int, 50, "Items per API page unless the request asks for fewer (at most 4x this)."),
    Setting("serve_watch", _bool, True, "`refwatch serve` also runs the monitor loop when the watch module exists."),
    Setting("map_tile_url", str, "", "Tile server for the Leaflet map, e.g. https://tiles.example.org/{z}/{x}/{y}.png; "
            "empty: no tiles, only our own country shapes (no request leaves the site)."),
    # --- respond ---
    Setting("public_base_url", str, DEFAULT_PUBLIC_BASE_URL, "Public address of the site, used in mail and feeds."),
    Setting("site_name", str, "refwatch", "Name shown in mail, feeds, share cards and calendar entries."),
    Setting("smtp_host", str, "127.0.0.1", "SMTP server that alerts are handed to."),
    Setting("smtp_port", int, 25, "Port of the SMTP server."),
    Setting("smtp_username", str, "", "SMTP login; empty means no AUTH."),
    Setting("smtp_password", str, "", "SMTP password for SMTP_USERNAME."),
    Setting("smtp_starttls", _bool, False, "Upgrade the SMTP connection with STARTTLS before sending."),
    Setting("smtp_timeout", float, DEFAULT_SMTP_TIMEOUT_S, "Seconds an SMTP connection or command may take."),
    Setting("mail_from", str, "refwatch <alerts@localhost>", "From address of alerts and confirmations."),
    Setting("mail_hostname", str, "", "Name given in SMTP HELO and Message-IDs; empty means the domain of MAIL_FROM."),
    Setting("outbox_max_attempts", int, DEFAULT_OUTBOX_MAX_ATTEMPTS, "Attempts before a delivery is given up as dead."),
    Setting("outbox_backoff_base", float, 30.0, "Seconds before the first retry; later ones wait about twice as long."),
    Setting("outbox_backoff_cap", float, 3600.0, "Longest wait between two attempts of one delivery, in seconds."),
    Setting("outbox_lease", int, 300, "Seconds a sender holds claimed deliveries before another may take them over."),
    Setting("outbox_batch", int, 200, "Deliveries one sender claims and sends over one connection at a time."),
    Setting("webhook_timeout", float, 10.0, "Seconds a webhook receiver may take to answer."),
    Setting("confirm_hours", int, 72, "Hours a subscription confirmation link stays valid."),
    Setting("quiet_days", int, 14, "Days without news on a detained group before a 'no news' alert goes out."),
    Setting("reminder_hours", int, 24, "Hours before an event that RSVP reminders are sent."),
    Setting("response_rate_limit", int, 5, "Responses one address may leave within RESPONSE_RATE_WINDOW."),
    Setting("response_rate_window", int, 3600, "Seconds over which responses from one address are counted."),
    Setting("response_min_seconds", int, 3, "Forms sent back faster than this after being shown are treated as bots."),
    Setting("og_font", str, "", "Font file with Hangul for share images; empty means search the usual places."),
    # --- incidents ---
    Setting("link_embeddings", _bool, True, "Use the multilingual sentence encoder (~150 MB) when linking reports."),
    # --- workers (scale-out) ---
    Setting("broker_url", str, "", "Celery broker for the scale-out, e.g. redis://127.0.0.1:6379/0; empty: the "
            "watching process runs every stage itself (embedded)."),
    Setting("worker_queue", str, DEFAULT_WORKER_QUEUE, "Name of the task queues and prefix of every key kept in the "
            "broker, so several deployments can share one Redis."),
    Setting("worker_concurrency", int, 1, "Stage processes one `refwatch workers run` starts; each loads the Korean "
            "model (~0.5 GB)."),
    Setting("worker_task_timeout", int, DEFAULT_WORKER_TASK_TIMEOUT_S, "Seconds a task may run before it is killed; "
            "the broker waits twice as long before giving an unacknowledged task to another worker."),
    Setting("outbox_drain_interval", int, 60, "Seconds between the outbox drains `refwatch workers run --beat` "
            "schedules."),
)


@dataclass(frozen=True)
class Settings:
    data_dir: str = DEFAULT_DATA_DIR
    database_url: str = ""
    cache_dir: str = ""
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT_S
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    host_interval: float = DEFAULT_HOST_INTERVAL_S
    poll_interval: int = DEFAULT_POLL_INTERVAL_S
    user_agent: str = DEFAULT_USER_AGENT
    respect_robots: bool = True
    allow_networks: tuple[str, ...] = field(default_factory=tuple)
    extract_timeout: float = DEFAULT_EXTRACT_TIMEOUT_S
    archive_skipped: bool = False
    post_ingest_hooks: tuple[str, ...] = field(default_factory=tuple)
    secret_key: str = ""
    require_services: bool = False
    # --- web ---
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    https: bool = False
    session_hours: int = 12
    session_idle_minutes: int = 120
    login_max_failures: int = 5
    login_max_failures_per_ip: int = 20
    login_window: int = 900
    queue_refresh: int = 60
    api_page_size: int = 50
    serve_watch: bool = True
    map_tile_url: str = ""
    # --- respond ---
    public_base_url: str = DEFAULT_PUBLIC_BASE_URL
    site_name: str = "refwatch"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_timeout: float = DEFAULT_SMTP_TIMEOUT_S
    mail_from: str = "refwatch <alerts@localhost>"
    mail_hostname: str = ""
    outbox_max_attempts: int = DEFAULT_OUTBOX_MAX_ATTEMPTS
    outbox_backoff_base: float = 30.0
    outbox_backoff_cap: float = 3600.0
    outbox_lease: int = 300
    outbox_batch: int = 200
    webhook_timeout: float = 10.0
    confirm_hours: int = 72
    quiet_days: int = 14
    reminder_hours: int = 24
    response_rate_limit: int = 5
    response_rate_window: int = 3600
    response_min_seconds: int = 3
    og_font: str = ""
    # --- incidents ---
    link_embeddings: bool = True
    # --- workers (scale-out) ---
    broker_url: str = ""
    worker_queue: str = DEFAULT_WORKER_QUEUE
    worker_concurrency: int = 1
    worker_task_timeout: int = DEFAULT_WORKER_TASK_TIMEOUT_S
    outbox_drain_interval: int = 60

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)

    @property
    def cache_path(self) -> Path:
        if self.cache_dir:
            return Path(self.cache_dir)
        return Path.home() / ".cache" / "refwatch"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_path / 'refwatch.db'}"


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build settings from `REFWATCH_*` variables, then keyword overrides."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = env.get(f"REFWATCH_{setting.name.upper()}")
        if raw is not None:
            try:
                values[setting.name] = setting.cast(raw)
            except ValueError as e:
                raise ValueError(f"REFWATCH_{setting.name.upper()}: {e}") from e
    if env.get("CI", "").lower() == "true":
        values.setdefault("require_services", True)
    values.update(overrides)
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    return Settings(**values)
