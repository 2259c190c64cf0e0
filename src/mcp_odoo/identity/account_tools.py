"""unlink_odoo_account (`mcp_odoo.identity.linking.UNLINK_TOOL`): on a team server, a person removes
the link between their identity and their Odoo account (registered in identity passthrough mode only).

The stored API key is deleted and the person's open Odoo connection on this replica is closed at once
(other replicas drop theirs at their next check of the store, within a minute). Nothing changes in
Odoo. The next call of that person is answered with the account-linking page again.
"""

from typing import Annotated

from mcp.server.auth.middleware.auth_context import get_access_token
from pydantic import BaseModel, Field

from mcp_odoo.calls.kit import Kit
from mcp_odoo.calls.results import ToolOutput
from mcp_odoo.calls.runner import UPDATES, ToolCall
from mcp_odoo.icons import ACCOUNT, icons_for
from mcp_odoo.identity.gateways import PassthroughGateways
from mcp_odoo.identity.store import IdentityStore, UnknownIdentity
from mcp_odoo.policy import Refused


class Unlinked(BaseModel):
    subject: str = Field(description="Your identity on this server")
    login: str = Field(description="The Odoo login that was linked to it")


def register_account_tools(kit: Kit, store: IdentityStore, gateways: PassthroughGateways) -> None:
    @kit.with_icons(icons_for(ACCOUNT)).tool(UPDATES)
    async def unlink_odoo_account(call: ToolCall) -> Annotated[ToolOutput, Unlinked]:
        """Unlink your Odoo account from this server: the server deletes the API key it kept for you and
        closes your Odoo connection; your next call asks you to link an account again.

        Use it only when the person asks to unlink (e.g. to link another Odoo user). Does not change
        anything in Odoo: revoke the API key in Odoo too if it is no longer used.
        """
        token = get_access_token()
        subject = token.subject if token is not None else None
        credentials = await store.get(subject) if subject else None
        if subject is None or credentials is None:
            raise Refused(
                "no Odoo account is linked to you on this server", hint="nothing to unlink; do not retry"
            )
        try:
            await store.remove(subject)
        except UnknownIdentity:
            raise Refused("your Odoo account was unlinked meanwhile", hint="nothing to do") from None
        await gateways.forget(subject)
        return ToolOutput(
            Unlinked(subject=subject, login=credentials.login),
            f"Unlinked the Odoo login {credentials.login!r} from {subject!r}: the server no longer keeps "
            "its API key. The next call will ask to link an account again.",
        )
