"""Getting reports in: safe fetching, feeds, pages, local files, the ingestion runner, the watcher.

Public surface: `http.Fetcher` (the one way to fetch a URL, behind `guard.AddressGuard`),
`feeds.parse_feed`, `pages.decode_html` / `pages.read_article`, `files.read_path`,
`ingest` (`IngestContext`, `STAGES`, `run`, `ingest_targets`; the pieces live in `work`,
`context`, `stages` and `runner`), `watch` (`run_cycle`, `watch`, `register_post_ingest`)
and `catalog` (the sources table). `timebox.TimeBox` runs a function in a killable child.
"""
