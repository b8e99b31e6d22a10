"""The web face of refwatch: public pages, the monitors' workspace and the JSON API.

Public surface: `create_app(settings, *, store=None)` (in `app.py`) and `serve` (in
`server.py`); `bootstrap.ensure_demo_admin` for `refwatch demo`.
"""
