"""No orphan worker (issue 12, item 5): real `yui serve` processes, killed with SIGKILL.

`yui serve` starts its worker as a child process. A web process killed with SIGKILL runs none of its
clean-up, so the worker must notice by itself; after a restart exactly one worker handles the inbox.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.persistence import upgrade

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the processes in /proc")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited, whoever reaps it


def _workers(database_url: str) -> list[int]:
    """Live `yui worker` processes serving this database (found by their environment)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"worker" in argv and f"YUI_DATABASE_URL={database_url}".encode() in environ and _alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def _wait(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """Start `yui serve` processes on one SQLite file (a fresh port each); all stopped at the end."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'yui.db'}"
    upgrade(url)
    started: list[subprocess.Popen[bytes]] = []
    yield url, started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    for pid in _workers(url):  # what a failed test left behind
        os.kill(pid, signal.SIGKILL)


def _start(tmp_path: Path, url: str, started: list[subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
    port = _free_port()
    env = {
        **os.environ,
        "YUI_DATABASE_URL": url,
        "YUI_WORKER": "process",
        "YUI_PORT": str(port),
        "YUI_LOG_FORMAT": "json",
        "YUI_LOG_LEVEL": "WARNING",
        **{name: "" for name in ("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "LINE_CHANNEL_SECRET")},
        **{name: "" for name in ("LINE_CHANNEL_ACCESS_TOKEN", "OPENAI_API_KEY")},
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,  # no .env from the working directory
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started.append(process)
    return process


def test_a_yui_serve_killed_with_sigkill_leaves_no_worker_and_a_restart_runs_exactly_one(
    tmp_path: Path, serve: tuple[str, list[subprocess.Popen[bytes]]]
) -> None:
    url, started = serve
    first = _start(tmp_path, url, started)
    _wait(lambda: len(_workers(url)) == 1, 90, "the first worker")
    [orphan] = _workers(url)

    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    _wait(lambda: not _alive(orphan), 20, f"worker {orphan} to stop after its yui serve was killed")

    _start(tmp_path, url, started)
    _wait(lambda: len(_workers(url)) == 1, 90, "the restarted server's worker")
    time.sleep(2)  # and it stays the only one
    [worker] = _workers(url)
    assert worker != orphan
