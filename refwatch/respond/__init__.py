"""Respond: alerts through an outbox, urgent actions, protests and calendars, share kits, responses.

Everything here sees incidents only through their public projection (`public.py`); channels
(email, webhooks) are pluggy plugins registered through `hookspecs.py`.
"""
