"""What a Redis call raises when the shared store cannot answer, for every store kept in Redis."""

from __future__ import annotations


def redis_failures() -> tuple[type[Exception], ...]:
    """Redis' own errors and socket errors. Imported on use: redis is an optional dependency, present
    whenever a client to call is."""
    from redis.exceptions import RedisError

    return (RedisError, OSError)
