"""The RPC services behind ``/xmlrpc[/2]/<service>`` and ``/jsonrpc``: common, db and object.

Argument handling is delegated to real Python calls of functions named and shaped like Odoo's
(``exp_authenticate(db, login, password, user_agent_env)``, ``execute_kw(db, uid, obj, method,
args, kw=None)``), so that a wrong number of arguments fails with exactly the TypeError or
ValueError text Odoo sends. The simulator state travels as the keyword-only ``server`` argument,
which Python leaves out of those messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcp_odoo.simulator.exceptions import AccessDenied, DatabaseError
from mcp_odoo.simulator.wire.state import Simulator
from mcp_odoo.simulator.wire.version import common_version


def missing_database(db: object) -> DatabaseError:
    """What PostgreSQL answers Odoo for a database that does not exist."""
    return DatabaseError(
        "psycopg2.OperationalError",
        f'connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "{db}" does not exist\n',
    )


def open_database(server: Simulator, db: object) -> None:
    if not isinstance(db, str) or not server.database_exists(db):
        raise missing_database(db)


def check_credentials(server: Simulator, db: object, uid: object, secret: object) -> int:
    """The per-call check of the object service: the uid must belong to the key or password."""
    open_database(server, db)
    user_id: int = int(uid)  # type: ignore[call-overload]
    if not isinstance(secret, str) or server.faults.is_revoked(secret):
        raise AccessDenied()
    if not server.backend.check_credentials(user_id, secret):
        raise AccessDenied()
    return user_id


# --- common -------------------------------------------------------------------------------------


def exp_version(*, server: Simulator) -> dict[str, Any]:
    return common_version(server.series)


def exp_authenticate(
    db: object, login: object, password: object, user_agent_env: object, *, server: Simulator
) -> Any:
    open_database(server, db)
    if not isinstance(login, str) or not isinstance(password, str) or server.faults.is_revoked(password):
        return False
    uid = server.backend.authenticate(login, password)
    return uid if uid is not None else False


def exp_login(db: object, login: object, password: object, *, server: Simulator) -> Any:
    return exp_authenticate(db, login, password, None, server=server)


_COMMON: dict[str, Callable[..., Any]] = {
    "version": exp_version,
    "authenticate": exp_authenticate,
    "login": exp_login,
}


def _dispatch_common(server: Simulator, method: str, params: list[Any]) -> Any:
    function = _COMMON.get(method)
    if function is None:
        raise Exception(f"Method not found: {method}")
    return function(*params, server=server)


# --- db -----------------------------------------------------------------------------------------


def exp_list(*, server: Simulator) -> list[str]:
    return [] if server.faults.database_gone else [server.backend.db_name]


def exp_server_version(*, server: Simulator) -> str:
    return server.series


def exp_db_exist(db_name: object, *, server: Simulator) -> bool:
    return isinstance(db_name, str) and server.database_exists(db_name)


_DB: dict[str, Callable[..., Any]] = {
    "list": exp_list,
    "server_version": exp_server_version,
    "db_exist": exp_db_exist,
}


def _dispatch_db(server: Simulator, method: str, params: list[Any]) -> Any:
    function = _DB.get(method)
    if function is None:
        raise KeyError(f"Method not found: {method}")
    return function(*params, server=server)


# --- object -------------------------------------------------------------------------------------


def execute(db: object, uid: int, obj: str, method: str, *args: Any, server: Simulator, **kw: Any) -> Any:
    return server.backend.execute_kw(uid, obj, method, list(args), kw)


def execute_kw(
    db: object, uid: int, obj: str, method: str, args: Any, kw: Any = None, *, server: Simulator
) -> Any:
    return execute(db, uid, obj, method, *args, server=server, **(kw or {}))


def _dispatch_object(server: Simulator, method: str, params: list[Any]) -> Any:
    if server.is_19:
        db, uid, secret, model, model_method, *rest = params
        user_id = check_credentials(server, db, uid, secret)
        call_args: list[Any] = [db, user_id, model, model_method, *rest]
    else:
        db, uid, secret = params[0], params[1], params[2]
        user_id = check_credentials(server, db, uid, secret)
        call_args = [db, user_id, *params[3:]]
    if method == "execute":
        return execute(*call_args, server=server)
    if method == "execute_kw":
        return execute_kw(*call_args, server=server)
    raise NameError(f"Method not available {method}")


_SERVICES: dict[str, Callable[[Simulator, str, list[Any]], Any]] = {
    "common": _dispatch_common,
    "db": _dispatch_db,
    "object": _dispatch_object,
}


def dispatch_rpc(server: Simulator, service: str, method: str, params: list[Any]) -> Any:
    """``odoo.http.dispatch_rpc``: an unknown service is a KeyError, as in Odoo."""
    return _SERVICES[service](server, method, params)


def call_target(service: str, method: str, params: list[Any]) -> tuple[str, str]:
    """(model, method) under which a request is counted and matched by faults."""
    if service == "object" and method in ("execute", "execute_kw") and len(params) >= 5:
        return str(params[3]), str(params[4])
    return service, method
