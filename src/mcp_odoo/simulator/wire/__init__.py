"""The simulated Odoo's wire: every HTTP route a client can reach, per protocol.

Routes, one module per protocol or route family: `xmlrpc`, `jsonrpc`, `json2`, `websession`
(web session, call_kw), `reports` (PDF/HTML reports, portal URLs, /web/content), `info` (versions).
Shared by them: `services` (the common/db/object RPC services), `errors` (exception -> fault code,
status, serialized error, traceback), `pages` (the HTML pages Odoo sends), `injection` (firing the
armed faults), `state` (what ``app.state.simulator`` holds), `sessions`, `sessioninfo`, `version`,
`documents` + `pdf` (printable documents and the tiny PDF writer). The data and the ORM live in
`simulator.orm`; the wire reaches them only through the `OdooBackend` protocol (`backend`).
"""
