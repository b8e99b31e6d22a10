"""One module per resource. Each builds one plain dict that the page and the API both render.

A module exposes `router` (pages, not in the OpenAPI schema), optionally `api_router`
(mounted under `/api/v1`) and `NAV` (its navigation links). Modules listed in
`refwatch.web.app.OPTIONAL_SECTIONS` are included when they exist (the public incident site).
"""
