"""Where the subscriptions of every replica meet: what is watched, what was last seen, who polls.

Per Odoo identity the store keeps
- the URIs each replica watches (a replica renews its own every interval; a crashed replica's lapse),
- the fingerprint last seen for each watched URI (so whichever replica polls next compares against
  what the previous poller saw, and a subscription taken on one replica is compared from the moment
  it was taken),
- the lease: which one replica polls that identity now.

`MemoryWatchStore` is the store of a single process (stdio, one HTTP replica); `RedisWatchStore`
(`mcp_odoo.live.replicas`) is shared by replicas.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Protocol


class StoreUnavailable(Exception):
    """The shared store cannot answer (Redis down): nothing is polled or subscribed until it can."""


class WatchStore(Protocol):
    """Every method may raise `StoreUnavailable`."""

    async def watch(self, identity: str, uris: Collection[str]) -> None:
        """This replica now watches `uris` (as well as what it watched before)."""

    async def unwatch(self, identity: str, uris: Collection[str]) -> None:
        """This replica no longer watches `uris`."""

    async def renew(self, identity: str, uris: Collection[str]) -> None:
        """This replica still watches exactly `uris`: they are kept, its other entries lapse."""

    async def watched(self, identity: str) -> set[str]:
        """Every URI some replica watches for `identity`."""

    async def seen(self, identity: str) -> dict[str, str]:
        """The fingerprint last seen for each watched URI of `identity`."""

    async def remember(
        self,
        identity: str,
        fingerprints: Mapping[str, str],
        *,
        only_new: bool = False,
        forget: Collection[str] = (),
    ) -> None:
        """Record `fingerprints` (with `only_new`, only for URIs that have none yet: a baseline never
        overwrites what a poll saw); drop those of `forget` (URIs nobody watches any more)."""

    async def lease(self, identity: str) -> bool:
        """Take or renew the right to poll `identity`: True when this replica is to poll it now."""

    async def release(self, identity: str) -> None:
        """Give the lease up (this replica no longer watches anything for `identity`)."""


class MemoryWatchStore:
    """The store of one process: every lease is granted, nothing lapses but by `renew`."""

    def __init__(self) -> None:
        self._watched: dict[str, set[str]] = {}
        self._seen: dict[str, dict[str, str]] = {}

    async def watch(self, identity: str, uris: Collection[str]) -> None:
        self._watched.setdefault(identity, set()).update(uris)

    async def unwatch(self, identity: str, uris: Collection[str]) -> None:
        watched = self._watched.get(identity, set())
        watched.difference_update(uris)
        if not watched:
            self._watched.pop(identity, None)

    async def renew(self, identity: str, uris: Collection[str]) -> None:
        if uris:
            self._watched[identity] = set(uris)
        else:
            self._watched.pop(identity, None)

    async def watched(self, identity: str) -> set[str]:
        return set(self._watched.get(identity, ()))

    async def seen(self, identity: str) -> dict[str, str]:
        return dict(self._seen.get(identity, {}))

    async def remember(
        self,
        identity: str,
        fingerprints: Mapping[str, str],
        *,
        only_new: bool = False,
        forget: Collection[str] = (),
    ) -> None:
        seen = self._seen.setdefault(identity, {})
        for uri, fingerprint in fingerprints.items():
            if only_new:
                seen.setdefault(uri, fingerprint)
            else:
                seen[uri] = fingerprint
        for uri in forget:
            seen.pop(uri, None)
        if not seen:
            self._seen.pop(identity, None)

    async def lease(self, identity: str) -> bool:
        return True

    async def release(self, identity: str) -> None:
        return None
