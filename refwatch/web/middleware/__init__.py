"""Pure ASGI middleware, one concern per module, assembled in order by `refwatch.web.app`."""
