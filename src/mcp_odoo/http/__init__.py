"""The Streamable HTTP transport: the ASGI app, authentication, per-caller identities, rate limits,
health and metrics."""
