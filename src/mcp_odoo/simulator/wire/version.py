"""The version answers of a simulated server (``common.version``, ``/web/version``, session info)."""

from __future__ import annotations

from typing import Any


def version_info(series: str) -> list[Any]:
    major, minor = (int(part) for part in series.split("."))
    return [major, minor, 0, "final", 0, ""]


def common_version(series: str) -> dict[str, Any]:
    """``common.version()`` and ``/web/webclient/version_info``."""
    return {
        "server_version": series,
        "server_version_info": version_info(series),
        "server_serie": series,
        "protocol_version": 1,
    }


def web_version(series: str) -> dict[str, Any]:
    """``GET /web/version`` and (19) ``/json/version``."""
    return {"version_info": version_info(series), "version": series}
