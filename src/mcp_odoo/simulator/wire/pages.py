"""The HTML pages Odoo (or a proxy in front of it) sends where a client might expect JSON or XML."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from starlette.responses import HTMLResponse, Response

_NOT_FOUND = (
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
    "<p>The requested URL was not found on the server. If you entered the URL manually please check your "
    "spelling and try again.</p>\n"
)

_NO_DATABASE = (
    "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
    "<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n"
    "<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n"
    "<!-- Alternatively, use the X-Odoo-Database header. -->\n"
)

_BAD_GATEWAY = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


def _html(body: str, status: int, headers: dict[str, str] | None = None) -> Response:
    return HTMLResponse(body, status_code=status, headers=headers)


def not_found() -> Response:
    return _html(_NOT_FOUND, 404)


def method_not_allowed() -> Response:
    body = (
        "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n"
        "<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n"
    )
    return _html(body, 405)


def forbidden() -> Response:
    body = (
        "<!doctype html>\n<html lang=en>\n<title>403 Forbidden</title>\n<h1>Forbidden</h1>\n"
        "<p>You don&#39;t have the permission to access the requested resource. It is either read-protected "
        "or not readable by the server.</p>\n"
    )
    return _html(body, 403)


def server_error() -> Response:
    body = (
        "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
        "<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to "
        "complete your request. Either the server is overloaded or there is an error in the "
        "application.</p>\n"
    )
    return _html(body, 500)


def no_database() -> Response:
    """Unknown ``X-Odoo-Database`` (or no database at all): Odoo's server-wide 404 page."""
    return _html(_NO_DATABASE, 404)


def bad_gateway() -> Response:
    return _html(_BAD_GATEWAY, 502)


def invalid_json() -> Response:
    """JSON-RPC body that is not JSON: a bare text, sent as text/html."""
    return _html("Invalid JSON data", 400)


def unsupported_media_type() -> Response:
    body = (
        "<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n"
        "<h1>Unsupported Media Type</h1>\n<p>Request inferred type is compatible with [&#39;http&#39;] but "
        "&#39;/json/2/&lt;__model__&gt;/&lt;__method__&gt;&#39; is type=&#39;json2&#39;.<br><br>"
        "Please verify the Content-Type request header and try again.</p>\n"
    )
    return _html(body, 415, {"Accept": "application/json"})


def login_redirect(path: str, query: str = "") -> Response:
    """303 to the login page, as Odoo answers an ``auth='user'`` route without a session."""
    target = "/web/login?redirect=" + quote(f"{path}?{query}", safe="")
    body = (
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"
        f'<p>You should be redirected automatically to the target URL: <a href="{escape(target)}">'
        f"{escape(target)}</a>. If not, click the link.\n"
    )
    return _html(body, 303, {"Location": target})


def wkhtmltopdf_missing(series: str) -> Response:
    """A rendering route on a server without wkhtmltopdf: 400 in 18, 422 in 19."""
    status = 422 if series.startswith("19") else 400
    body = (
        "<!doctype html>\n<html lang=en>\n<title>Unable to find Wkhtmltopdf on this system</title>\n"
        "<h1>Unable to find Wkhtmltopdf on this system</h1>\n"
        "<p>Unable to find Wkhtmltopdf on this system. The PDF can not be created.</p>\n"
    )
    return _html(body, status)
