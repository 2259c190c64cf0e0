"""The package works on a machine that has nothing but the package.

The wheel is built from this checkout and installed into a new virtual environment in a temporary folder,
run with an empty HOME and no Odoo settings. An audit hook in the server process refuses, and records, any
file opened outside that environment, the Python installation it was made from, the temporary folder and
the system's own folders: reading the checkout, `../shared` or any other path of this machine fails the test.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters

REPOSITORY = Path(__file__).resolve().parents[2]
SYSTEM_FOLDERS = ("/dev", "/proc", "/sys", "/etc", "/usr", "/lib", "/lib64", "/bin", "/run")

#: Run by the installed interpreter before the CLI: every open() outside the allowed roots is refused
#: and written to the file named by MCP_ODOO_TEST_OUTSIDE_READS.
GUARDED_CLI = """
import os, sys
roots = os.environ["MCP_ODOO_TEST_ALLOWED_ROOTS"].split(os.pathsep)
allowed = tuple(os.path.realpath(root) for root in roots)
report = open(os.environ["MCP_ODOO_TEST_OUTSIDE_READS"], "a", buffering=1)

def guard(event, args):
    if event != "open" or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.path.realpath(os.fsdecode(args[0]))
    if not any(path == root or path.startswith(root + os.sep) for root in allowed):
        report.write(path + "\\n")
        raise PermissionError(f"read outside the installation: {path}")

sys.addaudithook(guard)
from mcp_odoo.cli import app
sys.argv[0] = "mcp-odoo"
app()
"""


@dataclass(frozen=True)
class Installation:
    venv: Path
    workdir: Path
    outside_reads: Path

    @property
    def python(self) -> str:
        return str(self.venv / "bin" / "python")

    def env(self) -> dict[str, str]:
        allowed = [str(self.venv), sys.base_prefix, sys.base_exec_prefix, str(self.workdir), *SYSTEM_FOLDERS]
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.workdir / "home"),
            "LANG": "C.UTF-8",
            "MCP_ODOO_TEST_ALLOWED_ROOTS": os.pathsep.join(allowed),
            "MCP_ODOO_TEST_OUTSIDE_READS": str(self.outside_reads),
        }

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.python, "-c", GUARDED_CLI, *args],
            cwd=self.workdir,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def _pip(python: str, *args: str) -> None:
    subprocess.run(
        [python, "-m", "pip", "--disable-pip-version-check", "-q", *args],
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Installation:
    root = tmp_path_factory.mktemp("fresh-install")
    wheels = root / "wheels"
    _pip(sys.executable, "wheel", "--no-deps", "-w", str(wheels), str(REPOSITORY))
    (wheel,) = wheels.glob("mcp_odoo-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    _pip(str(venv / "bin" / "python"), "install", str(wheel))
    workdir = root / "work"
    (workdir / "home").mkdir(parents=True)
    return Installation(venv, workdir, workdir / "outside-reads.txt")


def test_the_wheel_holds_the_seed_and_no_tests(installation: Installation) -> None:
    site = next(installation.venv.glob("lib/python*/site-packages/mcp_odoo"))
    assert {path.name for path in (site / "simulator" / "seed").iterdir()} >= {
        "18.0.json.gz",
        "19.0.json.gz",
        "NOTICE.md",
    }
    assert not (site.parent / "tests").exists()


def test_help_runs_from_the_installed_package(installation: Installation) -> None:
    answer = installation.run("--help")
    assert answer.returncode == 0, answer.stderr
    assert "demo" in answer.stdout


async def test_demo_serves_an_mcp_client_with_nothing_but_the_package(installation: Installation) -> None:
    params = StdioServerParameters(
        command=installation.python,
        args=["-c", GUARDED_CLI, "demo"],
        env=installation.env(),
        cwd=str(installation.workdir),
    )
    async with Client(params) as client:
        names = {tool.name for tool in (await client.list_tools()).tools}
        assert {"count_records", "search_records", "list_models"} <= names
        counted = await client.call_tool("count_records", {"model": "res.partner"})
    assert not counted.is_error, counted.content
    assert counted.structured_content is not None
    assert counted.structured_content["count"] > 30
    outside = installation.outside_reads.read_text() if installation.outside_reads.exists() else ""
    assert outside == ""


def test_a_damaged_seed_is_one_clear_line(installation: Installation) -> None:
    seed = next(installation.venv.glob("lib/python*/site-packages/mcp_odoo/simulator/seed/18.0.json.gz"))
    seed.write_bytes(gzip.compress(b"")[:5])
    answer = installation.run("demo", "--series", "18.0")
    assert answer.returncode != 0
    assert answer.stderr.strip().splitlines() == [
        "mcp-odoo: cannot read the simulator's Odoo 18.0 seed "
        "(mcp_odoo/simulator/seed/18.0.json.gz: EOFError): reinstall mcp-odoo"
    ]
