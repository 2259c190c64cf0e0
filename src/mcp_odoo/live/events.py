"""The events this server puts on the SDK's `SubscriptionBus`, and their form between replicas.

A change the poller sees is seen through one Odoo identity's rights, so its event names that identity
(`OdooResourceUpdated`) and reaches only that identity's subscribers: two callers watching the same URI
as different Odoo users each hear only what their own user can read. It is still the SDK's
`ResourceUpdated`, so the SDK's listen streams turn it into ``notifications/resources/updated`` as is.
Any other event (a plain `ResourceUpdated`, the list-changed events) reaches everyone, as in the SDK.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mcp.shared.subscriptions import (
    PromptsListChanged,
    ResourcesListChanged,
    ResourceUpdated,
    ServerEvent,
    ToolsListChanged,
)

_LIST_CHANGED: dict[str, ServerEvent] = {
    "tools_list_changed": ToolsListChanged(),
    "prompts_list_changed": PromptsListChanged(),
    "resources_list_changed": ResourcesListChanged(),
}


@dataclass(frozen=True)
class OdooResourceUpdated(ResourceUpdated):
    """The resource at `uri` changed as seen by the Odoo identity `identity` (an `Identity.key`)."""

    identity: str


def visible_to(event: ServerEvent, identity: str) -> bool:
    """Whether a subscriber acting as `identity` may hear `event`."""
    return not isinstance(event, OdooResourceUpdated) or event.identity == identity


def event_to_wire(event: ServerEvent) -> dict[str, Any]:
    """`event` as a JSON object, for the replicas' channel."""
    if isinstance(event, OdooResourceUpdated):
        return {"kind": "resource_updated", "uri": event.uri, "identity": event.identity}
    if isinstance(event, ResourceUpdated):
        return {"kind": "resource_updated", "uri": event.uri}
    kind = next(name for name, listed in _LIST_CHANGED.items() if listed == event)
    return {"kind": kind}


def event_from_wire(data: Any) -> ServerEvent | None:
    """The event a replica sent, or None when `data` is not one (a newer replica's, or garbage)."""
    if not isinstance(data, dict):
        return None
    kind = data.get("kind")
    if kind == "resource_updated":
        uri, identity = data.get("uri"), data.get("identity")
        if not isinstance(uri, str):
            return None
        return OdooResourceUpdated(uri, identity) if isinstance(identity, str) else ResourceUpdated(uri)
    return _LIST_CHANGED.get(kind) if isinstance(kind, str) else None
