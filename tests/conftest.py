"""Shared fixtures: simulated Odoo servers (real ORM over real HTTP) and a fake ORM for wire unit tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx2
import pytest
from starlette.applications import Starlette

from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.exceptions import AccessError, UserError, WerkzeugHTTPError
from mcp_odoo.simulator.orm import Registry
from mcp_odoo.simulator.server import RunningSimulator, running_simulator

FAKE_KEY = "fake-key-for-mcp-bot"
FAKE_ADMIN_KEY = "fake-key-for-admin"
FAKE_PASSWORD = "fake-password-for-mcp-bot"


@dataclass(frozen=True)
class FakeUser:
    uid: int
    login: str
    name: str


def _fake_records() -> dict[str, dict[int, dict[str, Any]]]:
    return {
        "res.users": {
            7: {
                "name": "MCP Bot",
                "login": "mcp_bot",
                "partner_id": [45, "MCP Bot"],
                "company_id": [1, "My Company"],
                "company_ids": [1],
            },
        },
        "res.partner": {
            9: {
                "name": "Acme Corporation",
                "display_name": "Acme Corporation",
                "write_date": "2026-11-24 09:00:00",
            },
            45: {"name": "MCP Bot", "display_name": "MCP Bot", "write_date": "2026-11-24 09:22:03"},
        },
        "res.company": {
            1: {
                "name": "My Company",
                "sequence": 0,
                "child_ids": [],
                "parent_id": False,
                "currency_id": [1, "USD"],
            },
        },
        "res.currency": {1: {"name": "USD", "symbol": "$", "position": "before", "decimal_places": 2}},
        "account.move": {
            72: {
                "name": "INV/2026/00025",
                "partner_id": [9, "Acme Corporation"],
                "invoice_date": "2026-11-24",
                "invoice_date_due": "2026-12-24",
                "invoice_line_ids": [101],
                "amount_untaxed": 300.0,
                "amount_tax": 0.0,
                "amount_total": 300.0,
                "access_token": "fake-portal-token",
                "message_main_attachment_id": [969, "bill.pdf"],
            },
        },
        "account.move.line": {
            101: {
                "name": "[FURN_7777] Office Chair",
                "quantity": 3.0,
                "price_unit": 100.0,
                "price_subtotal": 300.0,
            },
        },
        "ir.attachment": {
            969: {"name": "bill.pdf", "mimetype": "application/pdf", "datas": "JVBERi0xLjQKJSVFT0YK"},
        },
    }


@dataclass
class FakeBackend:
    """A tiny stand-in for `simulator.orm.Registry`: a record dict and a handful of methods."""

    series: str = "19.0"
    write_count: int = 0
    records: dict[str, dict[int, dict[str, Any]]] = field(default_factory=_fake_records)
    users: dict[str, FakeUser] = field(
        default_factory=lambda: {
            "mcp_bot": FakeUser(7, "mcp_bot", "MCP Bot"),
            "admin": FakeUser(2, "admin", "Admin"),
        }
    )

    @property
    def db_name(self) -> str:
        return "demo" + self.series.split(".")[0]

    def uid_for_api_key(self, key: str) -> int | None:
        return {FAKE_KEY: 7, FAKE_ADMIN_KEY: 2}.get(key)

    def authenticate(self, login: str, secret: str) -> int | None:
        user = self.users.get(login)
        if user is None:
            return None
        if self.uid_for_api_key(secret) == user.uid or (login == "mcp_bot" and secret == FAKE_PASSWORD):
            return user.uid
        return None

    def check_credentials(self, uid: int, secret: str) -> bool:
        return self.uid_for_api_key(secret) == uid

    def execute_kw(self, uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if model not in self.records:
            raise UserError(f"Object {model} doesn't exist")
        table = self.records[model]
        if method == "read":
            fields = kwargs.get("fields") or []
            for name in fields:
                if any(name not in row for row in table.values()):
                    raise ValueError(f"Invalid field {name!r} on model {model!r}")
            return [{"id": i, **{name: table[i][name] for name in fields}} for i in args[0] if i in table]
        if method == "search_count":
            return len(table)
        if method == "write":
            self.write_count += 1
            return True
        if method == "check_access_rights":
            return None
        if method == "get_portal_url":
            return f"/my/invoices/{args[0][0]}?access_token={table[args[0][0]]['access_token']}"
        if method == "raise_not_found":
            raise WerkzeugHTTPError(404, "werkzeug.exceptions.NotFound", "Not Found")
        if method == "unlink":
            raise AccessError(f"You are not allowed to delete '{model}' records.")
        raise AttributeError(f"The method '{model}.{method}' does not exist")

    def execute_json2(self, uid: int, model: str, method: str, body: dict[str, Any]) -> Any:
        named = {key: value for key, value in body.items() if key not in ("ids", "context")}
        args = [body["ids"]] if "ids" in body else []
        return self.execute_kw(uid, model, method, args, named)


@dataclass(frozen=True)
class FakeCredentials:
    key: str = FAKE_KEY
    admin_key: str = FAKE_ADMIN_KEY
    password: str = FAKE_PASSWORD
    uid: int = 7


@pytest.fixture
def creds() -> FakeCredentials:
    """Throwaway credentials the fake backend accepts (mcp_bot is uid 7)."""
    return FakeCredentials()


@pytest.fixture
def fake_backend() -> FakeBackend:
    return FakeBackend()


def in_process_client(app: Starlette) -> httpx2.AsyncClient:
    """An in-process HTTP client for a simulator app."""
    return httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://odoo.test")


@pytest.fixture
def client_for() -> Callable[[Starlette], httpx2.AsyncClient]:
    """``async with client_for(app) as client:`` an in-process client for any simulator app."""
    return in_process_client


@pytest.fixture
def make_app() -> Callable[..., Starlette]:
    """Build a simulator app over a fresh fake backend: ``make_app(series="18.0", pdf_engine=False)``."""

    def build(series: str = "19.0", *, pdf_engine: bool = True) -> Starlette:
        return create_app(FakeBackend(series=series), pdf_engine=pdf_engine)

    return build


@pytest.fixture
def app19(fake_backend: FakeBackend) -> Starlette:
    return create_app(fake_backend)


@pytest.fixture
def app18() -> Starlette:
    return create_app(FakeBackend(series="18.0"))


@pytest.fixture
async def client19(app19: Starlette) -> AsyncIterator[httpx2.AsyncClient]:
    async with in_process_client(app19) as client:
        yield client


@pytest.fixture
async def client18(app18: Starlette) -> AsyncIterator[httpx2.AsyncClient]:
    async with in_process_client(app18) as client:
        yield client


@pytest.fixture(scope="session", params=["18.0", "19.0"])
def served_odoo(request: pytest.FixtureRequest) -> Iterator[tuple[Registry, RunningSimulator]]:
    """One simulator per series with the real ORM and demo data, over real HTTP, for the whole run."""
    registry = Registry(str(request.param))
    with running_simulator(registry) as running:
        yield registry, running


@pytest.fixture
def running_odoo(served_odoo: tuple[Registry, RunningSimulator]) -> RunningSimulator:
    """The series' simulator, reset for this test: seeded database, no sessions, no faults, no calls."""
    registry, running = served_odoo
    registry.reset()
    running.simulator.reset()
    return running


@pytest.fixture
def simulator_url(running_odoo: RunningSimulator) -> str:
    """Base URL of a freshly reset simulator (parametrised over 18.0 and 19.0)."""
    return running_odoo.base_url
