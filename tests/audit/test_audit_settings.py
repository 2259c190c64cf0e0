"""AuditLog.from_settings picks the sink from the audit settings."""

from __future__ import annotations

import pytest

from mcp_odoo.audit import AuditLog, AuditSettings, AuditUnavailable


def test_url_other_than_postgresql_is_refused() -> None:
    with pytest.raises(AuditUnavailable, match="postgresql://"):
        AuditLog.from_settings(AuditSettings(url="mysql://audit@db/odoo"))


@pytest.mark.parametrize("url", ["postgresql://audit@db/odoo", "postgres://audit@db/odoo"])
def test_postgresql_urls_are_accepted_without_connecting(url: str) -> None:
    assert isinstance(AuditLog.from_settings(AuditSettings(url=url)), AuditLog)
