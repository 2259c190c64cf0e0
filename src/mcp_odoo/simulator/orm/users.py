"""The users external clients log in as, with throwaway credentials.

The demo dataset has admin, demo, portal and public; the corpus adds `mcp_bot` and `limited`
(uids, partners and groups as recorded). Secrets are fixed throwaway values exposed as
`DEMO_CREDENTIALS` so tests can substitute the corpus' `<api-key>` / `<password>` placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass

#: login -> {"api_key": ..., "password": ...}; not secrets, only for the simulator.
DEMO_CREDENTIALS: dict[str, dict[str, str]] = {
    "admin": {"api_key": "sim-admin-key-7d1f0c2b9e8a4f6d", "password": "sim-admin-password"},
    "mcp_bot": {"api_key": "sim-mcp-bot-key-3a9c5e1f7b2d4c8e", "password": "sim-mcp-bot-password"},
    "limited": {"api_key": "sim-limited-key-9b4e2a7c1d5f3e6a", "password": "sim-limited-password"},
}

BASE_GROUPS = ("base.group_user", "base.group_no_one", "base.group_allow_export")


@dataclass
class User:
    """A user as the simulator knows it (the res.users row holds the rest)."""

    uid: int
    login: str
    name: str
    partner_id: int
    company_id: int
    company_ids: list[int]
    groups: frozenset[str]
    api_key: str | None = None
    password: str | None = None
    tz: str | None = "Europe/Brussels"
    lang: str = "en_US"
    active: bool = True
    share: bool = False

    def has_group(self, group: str) -> bool:
        return group in self.groups

    @property
    def is_superuser(self) -> bool:
        return self.uid == 1


@dataclass(frozen=True)
class CorpusUser:
    """A user the corpus created on top of the demo data (`email` False: created without one)."""

    login: str
    name: str
    uid: dict[str, int]
    partner_id: dict[str, int]
    groups: tuple[str, ...]
    email: str | bool


CORPUS_USERS = (
    CorpusUser(
        login="mcp_bot",
        name="MCP Bot",
        uid={"18.0": 8, "19.0": 7},
        partner_id={"18.0": 44, "19.0": 45},
        groups=(
            *BASE_GROUPS,
            "sales_team.group_sale_salesman",
            "sales_team.group_sale_salesman_all_leads",
            "account.group_account_invoice",
            "stock.group_stock_user",
        ),
        email=False,  # the non_admin transcripts: "an internal user who has no email address"
    ),
    CorpusUser(
        login="limited",
        name="Limited User",
        uid={"18.0": 9, "19.0": 8},
        partner_id={"18.0": 45, "19.0": 46},
        groups=(*BASE_GROUPS, "sales_team.group_sale_salesman"),
        email="limited@example.com",
    ),
)
