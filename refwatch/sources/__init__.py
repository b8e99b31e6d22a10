"""Getting reports in: safe fetching, feeds, pages, local files, the ingestion runner, the watcher.

Public surface: `http.Fetcher` (the one way to fetch a URL), `feeds.parse_feed`,
`pages.decode_html` / `pages.read_article`, `files.read_path`, `ingest` (the stage list
`STAGES`, `run`, `ingest_targets`), `watch` (`run_cycle`, `watch`, `register_post_ingest`)
and `catalog` (the sources table).
"""
