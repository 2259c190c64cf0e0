"""The HTTP channel every protocol adapter talks through: one pooled client, bounded answers.

Transport failures become connector errors here and nowhere else: connection failures ->
`OdooUnreachable`, no connection in time -> `OdooTimeout`, no answer in time to a request that was
sent (read or write timeout) -> `AnswerTimeout`, an answer larger than
``settings.max_response_bytes`` -> `NotOdoo` (the body is streamed and reading stops at the bound).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.request import Request

import httpx2

from mcp_odoo import __version__
from mcp_odoo.odoo.errors import AnswerTimeout, NotOdoo, OdooTimeout, OdooUnreachable
from mcp_odoo.odoo.settings import OdooSettings

USER_AGENT = f"mcp-odoo/{__version__}"


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    content_type: str
    body: bytes
    headers: httpx2.Headers = field(default_factory=httpx2.Headers)

    def text_excerpt(self, limit: int = 2000) -> str:
        return self.body[:limit].decode("utf-8", errors="replace")


class _KeepNoCookies(DefaultCookiePolicy):
    """The pooled client stores no cookie: the RPC protocols use none, and a web session or a
    portal visitor's cookie must never ride along on later requests."""

    def set_ok(self, cookie: object, request: Request) -> bool:
        return False


class HttpChannel:
    """POSTs to one Odoo server over a keep-alive connection pool."""

    def __init__(self, settings: OdooSettings, transport: httpx2.AsyncBaseTransport | None = None) -> None:
        self._settings = settings
        self._transport = transport
        self._max_bytes = settings.max_response_bytes
        self._pool: httpx2.AsyncClient | None = None

    @property
    def _client(self) -> httpx2.AsyncClient:
        """The pooled client, made on the first request: making one loads the TLS trust store, which a
        server that has not needed Odoo yet (e.g. to list its tools) does not wait for."""
        if self._pool is None:
            self._pool = httpx2.AsyncClient(
                base_url=self._settings.url,
                timeout=httpx2.Timeout(self._settings.timeout),
                headers={"User-Agent": USER_AGENT},
                follow_redirects=False,
                transport=self._transport,
                cookies=CookieJar(policy=_KeepNoCookies()),
            )
        return self._pool

    async def post(self, path: str, body: bytes, headers: Mapping[str, str]) -> HttpAnswer:
        return await self._send("POST", path, body, headers)

    async def get(self, path: str, headers: Mapping[str, str] | None = None) -> HttpAnswer:
        """A plain GET; cookies the answer sets are dropped (the RPC protocols never use them)."""
        return await self._send("GET", path, b"", headers or {})

    async def _send(self, verb: str, path: str, body: bytes, headers: Mapping[str, str]) -> HttpAnswer:
        try:
            async with self._client.stream(verb, path, content=body, headers=dict(headers)) as response:
                content = await self._read_bounded(response)
                content_type = response.headers.get("content-type", "")
                return HttpAnswer(response.status_code, content_type, content, response.headers)
        except (httpx2.ReadTimeout, httpx2.WriteTimeout) as exc:
            message = f"Odoo did not answer in time ({type(exc).__name__})"
            raise AnswerTimeout(message, debug=str(exc)) from None
        except httpx2.TimeoutException as exc:
            message = f"no connection to Odoo in time ({type(exc).__name__})"
            raise OdooTimeout(message, debug=str(exc)) from None
        except httpx2.TransportError as exc:
            raise OdooUnreachable(f"cannot reach Odoo ({type(exc).__name__})", debug=str(exc)) from None

    async def _read_bounded(self, response: httpx2.Response) -> bytes:
        announced = response.headers.get("content-length", "")
        if announced.isdigit() and int(announced) > self._max_bytes:
            raise self._too_large()
        chunks: list[bytes] = []
        received = 0
        async for chunk in response.aiter_bytes():
            received += len(chunk)
            if received > self._max_bytes:
                raise self._too_large()
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self) -> NotOdoo:
        return NotOdoo(
            f"answer too large: Odoo sent more than {self._max_bytes} bytes; "
            "ask for fewer records or fields (or raise ODOO_MAX_RESPONSE_BYTES)"
        )

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
