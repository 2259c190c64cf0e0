"""Linking an Odoo account end to end, with a real browser: a team server listens on a real port, an MCP
client without an Odoo user is answered with a URL elicitation, headless Chromium opens the page, a
person's login and API key are typed into the form and sent, and the client's call is retried and served
as that person's own Odoo user. The key never reaches the MCP client, the logs or the audit."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2
import mcp_types as types
import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp_types import CallToolResult
from pydantic import SecretStr

from mcp_odoo.audit import AuditLog, AuditQuery
from mcp_odoo.cli.identity_actions import users_list
from mcp_odoo.http.access import build_access
from mcp_odoo.http.app import build_http_app
from mcp_odoo.http.auth import READ_SCOPE, WRITE_SCOPE
from mcp_odoo.http.static_tokens import StaticTokens
from mcp_odoo.identity import IdentityStore, SecretBox, SqliteBackend, generate_secret_key
from mcp_odoo.preview.browser import Browser, Page
from mcp_odoo.server import build_server
from mcp_odoo.settings import AuthMode, IdentityMode, OdooTarget, ServerSettings
from mcp_odoo.simulator.app import create_app
from mcp_odoo.simulator.orm import DEMO_CREDENTIALS, Registry

TEMPLATE = Path(__file__).parents[2] / "deploy" / "nginx.conf.template"
LOGIN = "limited"
KEY = DEMO_CREDENTIALS[LOGIN]["api_key"]


@dataclass
class Listening:
    url: str
    port: int
    token: str
    store: IdentityStore
    audit: AuditLog


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@asynccontextmanager
async def team_server_on_a_port(tmp_path: Path, public_url: str | None = None) -> AsyncIterator[Listening]:
    """A passthrough server, static tokens, on 127.0.0.1 (uvicorn in a thread); Odoo simulated in process."""
    registry = Registry("19.0")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    secret_key = generate_secret_key()
    store_path = tmp_path / "identities.sqlite3"
    backend = SqliteBackend(store_path)
    await backend.setup()
    token = (await StaticTokens(backend).issue("carol", [READ_SCOPE, WRITE_SCOPE])).token
    odoo = OdooTarget(url="http://simulator", db=registry.db_name)
    settings = ServerSettings(
        audit_path=tmp_path / "audit.sqlite3",
        auth_mode=AuthMode.STATIC,
        identity_mode=IdentityMode.PASSTHROUGH,
        public_url=public_url or f"{url}/mcp",
        secret_key=SecretStr(secret_key),
        identity_store=str(store_path),
        stateless_http=True,
    )
    odoo_transport = httpx2.ASGITransport(app=create_app(registry))
    access = build_access(odoo, settings.http, settings.identity, odoo_transport=odoo_transport)
    audit = AuditLog.from_settings(settings.audit)
    mcp = build_server(odoo, settings, transport=odoo_transport, audit=audit, access=access)
    app = build_http_app(mcp, settings.http, port=port, stateless=True, access=access)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        await asyncio.to_thread(wait_until_started, server)
        yield Listening(url, port, token, IdentityStore(backend, SecretBox(secret_key)), audit)
    finally:
        server.should_exit = True
        await asyncio.to_thread(thread.join, 10)
        await audit.aclose()


def wait_until_started(server: uvicorn.Server, within: float = 20.0) -> None:
    deadline = time.monotonic() + within
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)


async def type_into(page: Page, element: str, text: str) -> None:
    """Focus a field and type `text` into it, key by key, as a person does."""
    await page.evaluate(f"document.getElementById({json.dumps(element)}).focus()")
    await page.send("Input.insertText", {"text": text})


@dataclass
class Linked:
    result: CallToolResult
    url: str
    form: dict[str, Any]
    outcome: str
    cookie: dict[str, Any]


async def link_and_retry(server: Listening, browser: Browser) -> Linked:
    """A client calls a tool; the URL elicitation is opened in the browser, where the person signs in."""
    seen: dict[str, Any] = {}

    async def open_in_browser(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)
        seen["url"] = params.url
        page = await browser.new_page(800, 700)
        await page.goto(params.url)
        seen["form"] = await page.evaluate(
            "({subject: document.getElementById('subject').textContent, "
            "fields: [...document.querySelectorAll('input')].map((input) => input.name)})"
        )
        await page.send("Network.enable")
        cookies = (await page.send("Network.getCookies"))["cookies"]
        seen["cookie"] = next(cookie for cookie in cookies if cookie["name"] == "mcp_odoo_link")
        await type_into(page, "login", LOGIN)
        await type_into(page, "api_key", KEY)
        await page.evaluate("document.querySelector('button[type=submit]').click()")
        seen["outcome"] = await page.wait_for(
            "document.getElementById('outcome') && document.getElementById('outcome').textContent"
        )
        await page.close()
        return types.ElicitResult(action="accept")

    headers = {"Authorization": f"Bearer {server.token}"}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        Client(
            streamable_http_client(f"{server.url}/mcp", http_client=http),
            elicitation_callback=open_in_browser,
        ) as client,
    ):
        result = await client.call_tool("count_records", {"model": "sale.order"})
    return Linked(result, seen["url"], seen["form"], seen["outcome"], seen["cookie"])


async def test_a_person_links_their_odoo_account_in_a_browser_and_the_call_succeeds(
    tmp_path: Path, browser: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with team_server_on_a_port(tmp_path) as server:
        linked = await link_and_retry(server, browser)
        listing = await users_list(server.store)
        entries = await server.audit.query(AuditQuery(last=50))
    assert not linked.result.is_error, linked.result.content
    assert linked.url.startswith(f"{server.url}/link/")
    assert linked.form == {"subject": "carol", "fields": ["form_token", "login", "api_key"]}
    assert linked.outcome == f"Your Odoo account {LOGIN} is linked to carol."
    assert (linked.cookie["httpOnly"], linked.cookie["sameSite"], linked.cookie["path"]) == (
        True,
        "Strict",
        "/link",
    )
    assert next(line for line in listing.splitlines() if line.startswith("carol")).split()[1:3] == [
        LOGIN,
        "self",
    ]
    assert KEY not in caplog.text
    assert all(KEY not in entry.model_dump_json() for entry in entries)
    assert [entry.tool for entry in entries if entry.subject == "carol"][-2:] == [
        "count_records",
        "link_odoo_account",
    ]


NGINX_MAIN = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include {root}/mcp-odoo.conf;
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed; CI must run this test", pytrace=False)
        pytest.skip("nginx is not installed (apt-get install -y nginx-light)")
    return found


def self_signed(folder: Path) -> None:
    """fullchain.pem and privkey.pem for 127.0.0.1, where the template expects its TLS files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    folder.mkdir()
    (folder / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


def rendered_template(root: Path, upstream_port: int, http_port: int, https_port: int, version: str) -> str:
    """deploy/nginx.conf.template as the nginx image renders it, on local ports and TLS files
    (``http2 on`` is a directive of nginx 1.25 and later: left out on an older one)."""
    text = TEMPLATE.read_text()
    replaced = {
        "${PUBLIC_HOST}": "127.0.0.1",
        "/etc/nginx/tls/": f"{root}/tls/",
        "server mcp-odoo:8000;": f"server 127.0.0.1:{upstream_port};",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
    }
    for template, value in replaced.items():
        assert template in text, template
        text = text.replace(template, value)
    if tuple(int(part) for part in version.split(".")[:2]) < (1, 25):
        text = text.replace("    http2 on;\n", "")
    return text


def prepare_nginx(binary: str, root: Path, upstream_port: int, https_port: int) -> None:
    """nginx's folders, TLS files and configuration (the shipped template, rendered) under `root`."""
    version = subprocess.run([binary, "-v"], capture_output=True, text=True, check=True).stderr
    root.mkdir()
    self_signed(root / "tls")
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (root / folder).mkdir()
    (root / "mcp-odoo.conf").write_text(
        rendered_template(root, upstream_port, free_port(), https_port, version.rsplit("/", 1)[-1].strip())
    )
    (root / "nginx.conf").write_text(NGINX_MAIN.format(root=root))


@asynccontextmanager
async def behind_nginx(root: Path, upstream_port: int, https_port: int) -> AsyncIterator[None]:
    """nginx with deploy/nginx.conf.template on `https_port`, in front of the server on `upstream_port`."""
    binary = nginx_binary()
    await asyncio.to_thread(prepare_nginx, binary, root, upstream_port, https_port)
    process = await asyncio.create_subprocess_exec(
        binary, "-e", str(root / "nginx-error.log"), "-c", str(root / "nginx.conf"), "-p", str(root)
    )
    try:
        await asyncio.to_thread(wait_for_port, https_port, process)
        yield
    finally:
        process.terminate()
        await process.wait()


def wait_for_port(port: int, process: asyncio.subprocess.Process, within: float = 20.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise RuntimeError("nginx stopped")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("nginx did not start")


async def test_linking_works_behind_the_shipped_reverse_proxy_template(
    tmp_path: Path, browser: Browser
) -> None:
    https_port = free_port()
    public = f"https://127.0.0.1:{https_port}"
    async with (
        team_server_on_a_port(tmp_path, public_url=f"{public}/mcp") as server,
        behind_nginx(tmp_path / "nginx", server.port, https_port),
    ):
        await browser.send("Security.setIgnoreCertificateErrors", {"ignore": True})
        linked = await link_and_retry(server, browser)
    assert not linked.result.is_error, linked.result.content
    assert linked.url.startswith(f"{public}/link/")
    assert linked.outcome == f"Your Odoo account {LOGIN} is linked to carol."
    assert linked.cookie["secure"] is True
