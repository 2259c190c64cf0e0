"""Where a stdio tool call's time goes, per stage: a sampling profile (pyinstrument) of ``mcp-odoo serve``.

Runs the server over stdio under pyinstrument (``pip install pyinstrument``; not a dependency of the
package) against the Odoo that ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY name, else against the
simulator in its own process, makes ``--calls`` calls of each measured read tool, then files every
sample of the server's main thread under one stage and prints milliseconds per call. Samples are
wall-clock time on the stack: "waiting" is the event loop idle (for Odoo's answer or the next
request); on a busy machine every stage also holds the time the process waited for a CPU.

    .venv/bin/python bench/profile_stdio.py --calls 200
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from mcp import Client, StdioServerParameters

sys.path.insert(0, str(Path(__file__).parent))
from services import odoo_target

TOOLS: dict[str, dict[str, Any]] = {
    "count_records": {"model": "res.partner", "domain": [["is_company", "=", True]]},
    "search_records": {"model": "res.partner", "fields": ["name", "email", "country_id"], "limit": 5},
}
SERVER = """
import sys
from pyinstrument import Profiler
from mcp_odoo.cli import main
import mcp_odoo.server
profiler = Profiler(interval=0.0005, async_mode="disabled")
sys.argv = ["mcp-odoo", "serve"]
profiler.start()
try:
    main()
except SystemExit:
    pass
finally:
    profiler.stop()
    profiler.last_session.save(SESSION)
"""
STAGES = (
    ("audit", ("mcp_odoo/audit", "record_soon", "_record@")),
    (
        "connector: the request to Odoo (encode, connect, HTTP, decode)",
        ("mcp_odoo/odoo/", "anyio/_core/_sockets.py", "_call_connection_lost@", "httpcore2/", "httpx2/"),
    ),
    (
        "policy: model, method, company, domain, fields",
        ("validate_domain", "_admit", "check_fields", "company_context", "_fields_to_read", "_checked_order"),
    ),
    (
        "rendering: compact records, text, structured result",
        ("mcp_odoo/render", "ok_result", "_compact_all", "_page_text", "_record_links", "model_dump"),
    ),
    ("logging", ("logging/",)),
)


def stage_of(frames: list[str]) -> str:
    """The stage a sample belongs to, from its stack (outermost first)."""
    leaf = frames[-1] if frames else ""
    if leaf.startswith(("epoll.poll", "EpollSelector.select")):
        return "waiting (event loop idle)"
    loop = [index for index, frame in enumerate(frames) if frame.startswith("_run_once@")]
    if not loop:
        return "start-up"
    stack = "|".join(frames[loop[-1] + 1 :])
    for name, markers in STAGES:
        if any(marker in stack for marker in markers):
            return name
    if "run_call@" in stack:
        return "tool plumbing: run_call, gateway"
    if "mcp/server/stdio.py" in stack or "anyio/_core/_fileio" in stack or "to_thread" in stack:
        return "stdio framing: reading and writing the pipes (SDK)"
    if "func_metadata" in stack:
        return "argument validation (SDK)"
    if "/mcp/" in stack:
        return "MCP protocol: JSON-RPC parse, dispatch, serialize (SDK)"
    return "event loop: scheduling, socket callbacks (asyncio)"


async def main(calls: int, series: str) -> None:
    from pyinstrument.session import Session

    with tempfile.TemporaryDirectory() as folder, odoo_target(series, folder) as target:
        session_file = Path(folder) / "profile.pyisession"
        code = SERVER.replace("SESSION", repr(str(session_file)))
        parameters = StdioServerParameters(command=sys.executable, args=["-c", code], env=target.env)
        async with Client(parameters) as client:
            for tool, arguments in TOOLS.items():
                for _ in range(calls):
                    result = await client.call_tool(tool, arguments)
                    if result.is_error:
                        raise RuntimeError(f"{tool} failed: {result.content}")
        for _ in range(100):
            if session_file.exists():
                break
            await asyncio.sleep(0.1)
        session = Session.load(str(session_file))
    stages: defaultdict[str, float] = defaultdict(float)
    for stack, seconds in session.frame_records:
        frames = [f"{frame.split(chr(0))[0]}@{frame.split(chr(0))[1]}" for frame in stack]
        stages[stage_of(frames)] += seconds
    measured = calls * len(TOOLS)
    print(f"{target.label}: {measured} calls ({', '.join(TOOLS)}), pyinstrument samples of the server")
    print()
    print("| stage | ms per call |")
    print("|---|---:|")
    for name, seconds in sorted(stages.items(), key=lambda item: -item[1]):
        if name != "start-up":
            print(f"| {name} | {seconds * 1000 / measured:.3f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=200, help="calls per measured tool")
    parser.add_argument("--series", default="19.0", choices=["18.0", "19.0"], help="simulated series")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.calls, arguments.series))
