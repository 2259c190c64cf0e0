"""Live business data: clients hear that an Odoo record, document or saved query changed.

`install_subscriptions(mcp, bus=...)` serves change subscriptions on both protocol eras
(``resources/subscribe`` and ``subscriptions/listen``), fed by one batched poll of ``write_date`` per
Odoo identity and interval, with the subscriber's own rights. Across replicas, `RedisSubscriptionBus`
carries the events and `RedisWatchStore` shares what is watched and leases each identity's poll to one
replica (`mcp_odoo.live.replicas`, imported on use: redis is optional).
"""

from mcp_odoo.live.events import OdooResourceUpdated
from mcp_odoo.live.identities import CallerIdentities, Identity, IdentityResolver, shared_identity
from mcp_odoo.live.store import MemoryWatchStore, StoreUnavailable, WatchStore
from mcp_odoo.live.subscriptions import LiveSubscriptions, install_subscriptions
from mcp_odoo.live.targets import QUERY_TEMPLATE, SavedQuery

__all__ = [
    "QUERY_TEMPLATE",
    "CallerIdentities",
    "Identity",
    "IdentityResolver",
    "LiveSubscriptions",
    "MemoryWatchStore",
    "OdooResourceUpdated",
    "SavedQuery",
    "StoreUnavailable",
    "WatchStore",
    "install_subscriptions",
    "shared_identity",
]
