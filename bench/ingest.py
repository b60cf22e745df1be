"""Signed LINE webhook ingest: the real Yui app against a bare FastAPI endpoint, in one run.

    .venv/bin/python -m bench.ingest                       # bare, Yui on SQLite, Yui on PostgreSQL
    .venv/bin/python -m bench.ingest -c 32 -t 2 -d 10s --backends sqlite --events sticker

Each server runs in its own uvicorn process (one worker, uvloop, httptools, no access log) on
loopback; wrk drives it with pre-signed bodies, each carrying a distinct webhookEventId, so every
request makes Yui verify a signature, parse, insert one inbox row (group commit) and acknowledge.
Text-message events (the default) also make Yui register the sender, fetch the LINE profile and
reply through the API after the ack; those calls go to `bot.sandbox.PlatformSandbox` in a separate
process. Targets: Yui req/s >= 35% of the bare endpoint's and p99 < 100 ms. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # allow `python bench/ingest.py` as well as `python -m bench.ingest`
    sys.path.insert(0, str(ROOT))

from bench.servers import user_id  # noqa: E402
from bot.signing import line_signature  # noqa: E402

LUA = Path(__file__).with_name("ingest.lua")
RESULTS = Path(__file__).with_name("results")
DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
BENCH_DB = "yui_bench"
SECRET = "bench-line-channel-secret"
BOT = "U" + "b" * 32
TEXTS = ("ヘルプ", "こんにちは", "明日のシフトを確認したいです")  # help / greeting / unknown (offline LLM: rules)
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- request bodies ------------------------------------------------------------------------------


def line_event(n: int, event_id: str, kind: str, users: int) -> dict[str, Any]:
    if kind == "text":
        message = {"type": "text", "id": str(10**14 + n), "text": TEXTS[n % len(TEXTS)], "quoteToken": f"q{n}"}
    else:  # a sticker: accepted, stored and marked handled, but asks nothing of Yui
        message = {
            "type": "sticker",
            "id": str(10**14 + n),
            "packageId": "446",
            "stickerId": "1988",
            "stickerResourceType": "STATIC",
            "quoteToken": f"q{n}",
        }
    return {
        "type": "message",
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id(n % users)},
        "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": False},
        "replyToken": secrets.token_hex(16),
        "message": message,
    }


def write_bodies(prefix: Path, tag: str, count: int, threads: int, kind: str, users: int) -> None:
    """`count` signed bodies, one event each, ids `<tag><n>`; body n goes to file `<prefix>.<n % threads>`."""
    files = [open(f"{prefix}.{i}", "w", encoding="utf-8") for i in range(threads)]  # noqa: SIM115
    try:
        for n in range(count):
            event_id = f"{tag}{n:0{26 - len(tag)}d}"  # 26 characters, like LINE's ULIDs
            body = json.dumps(
                {"destination": BOT, "events": [line_event(n, event_id, kind, users)]},
                ensure_ascii=False,
                separators=(",", ":"),
            )
            files[n % threads].write(f"{line_signature(SECRET, body)}\t{body}\n")
    finally:
        for f in files:
            f.close()


def remove_bodies(workdir: Path) -> None:
    """Body files run to tens of MB; the logs next to them are kept."""
    for path in workdir.iterdir():
        if not path.name.endswith(".log"):
            path.unlink()


# --- processes -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def postgres_cpu_seconds() -> float:
    """CPU time of the PostgreSQL server: every process named `postgres` we can see, and their children."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
        except OSError:
            continue
        if stat.split(" (", 1)[1].startswith("postgres)"):
            fields = stat.rsplit(")", 1)[1].split()
            # utime, stime, and cutime + cstime: the postmaster holds the time of backends that exited
            total += sum(int(f) for f in fields[11:15]) / CLK_TCK
    return total


class Server:
    """A child process serving HTTP on loopback, started and stopped by this script only."""

    def __init__(self, name: str, argv: list[str], port: int, log: Path, env: dict[str, str] | None = None) -> None:
        self.name = name
        self.port = port
        self.log = log
        self._log_file = open(log, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            argv, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=self._log_file, stderr=subprocess.STDOUT
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, path: str = "/healthz", timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=1) as response:
                    if response.status < 500:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def cpu(self) -> float:
        return cpu_seconds(self.proc.pid)

    def children(self) -> list[int]:
        """Processes this server started (Yui's worker process)."""
        pid = self.proc.pid
        listed = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(c) for c in listed.read_text().split()] if listed.exists() else []

    def get_json(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return json.loads(response.read())

    def log_tail(self, lines: int = 30) -> str:
        self._log_file.flush()
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_file.close()


def uvicorn_server(
    name: str, target: str, log: Path, *, factory: bool = False, env: dict[str, str] | None = None
) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port)]
    argv += ["--workers", "1", "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning"]
    if factory:
        argv.append("--factory")
    return Server(name, argv, port, log, env)


# --- wrk -----------------------------------------------------------------------------------------


@dataclass
class WrkResult:
    seconds: float
    requests: int
    issued: int
    wrapped_threads: int
    errors: dict[str, int]
    latency_ms: dict[str, float]
    wrk_cpu_seconds: float
    text: str = field(repr=False)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def ok(self) -> int:
        """Responses with a 2xx/3xx status: for these endpoints, 200 (the app answers nothing else)."""
        return self.requests - self.errors["status"]

    @property
    def failed(self) -> int:
        return sum(self.errors.values())


def run_wrk(url: str, bodies: Path, args: argparse.Namespace, seconds: int) -> WrkResult:
    argv = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds}s"]
    argv += ["--timeout", "10s", "--latency", "-s", str(LUA), url + "/line/webhook"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        argv, env={**os.environ, "BENCH_BODIES": str(bodies)}, capture_output=True, text=True, check=False
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    match = re.search(r"^BENCH_RESULT (\{.*\})$", done.stdout, re.MULTILINE)
    if not match:
        raise RuntimeError(f"no BENCH_RESULT in wrk output:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(match.group(1))
    return WrkResult(
        seconds=raw["duration_us"] / 1e6,
        requests=raw["requests"],
        issued=raw["issued"],
        wrapped_threads=raw["wrapped_threads"],
        errors=raw["errors"],
        latency_ms={k: v / 1000 for k, v in raw["latency_us"].items()},
        wrk_cpu_seconds=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        text=done.stdout,
    )


# --- databases -----------------------------------------------------------------------------------


def _asyncpg_kwargs(url: str, database: str | None = None) -> dict[str, Any]:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return {
        "host": u.host or "127.0.0.1",
        "port": u.port or 5432,
        "user": u.username,
        "password": u.password,
        "database": database or u.database,
    }


async def _pg(url: str, sql: str, *params: Any, database: str | None = None) -> Any:
    import asyncpg

    conn = await asyncpg.connect(**_asyncpg_kwargs(url, database))
    try:
        return await conn.fetchrow(sql, *params)
    finally:
        await conn.close()


def prepare_database(backend: str, args: argparse.Namespace, workdir: Path) -> str:
    """A fresh, migrated database for one backend; returns its SQLAlchemy URL."""
    from sqlalchemy.engine import make_url

    from domain.persistence import upgrade

    if backend == "sqlite":
        path = workdir / "yui-bench.db"
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        url = f"sqlite+aiosqlite:///{path}"
    else:
        asyncio.run(_pg(args.pg_url, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        asyncio.run(_pg(args.pg_url, f'CREATE DATABASE "{BENCH_DB}"'))
        url = make_url(args.pg_url).set(database=BENCH_DB).render_as_string(hide_password=False)
    upgrade(url)
    return url


def drop_database(backend: str, args: argparse.Namespace) -> None:
    if backend == "postgresql" and not args.keep_db:
        asyncio.run(_pg(args.pg_url, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))


def inbox_counts(url: str, tag: str) -> tuple[int, int]:
    """(rows, rows not yet handled) in inbox_events whose event id starts with `tag`."""
    sql = "SELECT count(*), coalesce(sum(CASE WHEN handled_at IS NULL THEN 1 ELSE 0 END), 0) FROM inbox_events"
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.split(":///", 1)[1], timeout=30)
        try:
            rows, pending = conn.execute(sql + " WHERE event_id LIKE ?", (tag + "%",)).fetchone()
        finally:
            conn.close()
    else:
        rows, pending = asyncio.run(_pg(url, sql + " WHERE event_id LIKE $1", tag + "%"))
    return int(rows), int(pending)


# --- one measured endpoint -----------------------------------------------------------------------


@dataclass
class Run:
    endpoint: str
    backend: str
    rps: float
    p50_ms: float
    p99_ms: float
    latency_ms: dict[str, float]
    requests: int
    ok: int
    errors: dict[str, int]
    cpu_share: dict[str, float]  # CPU seconds per measured second (1.0 = one core busy)
    gc: dict[str, Any]  # collector pauses in the server during the measured run
    ratio: float | None = None
    rows: int | None = None
    issued: int | None = None
    persisted_ok: bool | None = None
    backlog_at_end: int | None = None
    drain_seconds: float | None = None
    left_unhandled: int | None = None
    errors_logged: dict[str, int] = field(default_factory=dict)
    warmup_errors_logged: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    passed: bool | None = None

    @property
    def failed_requests(self) -> int:
        return sum(self.errors.values())


def measure(
    server: Server, bodies: Path, args: argparse.Namespace, *, sandbox: Server | None, postgres: bool
) -> tuple[WrkResult, dict[str, float], dict[str, Any]]:
    def cpu() -> dict[str, float]:
        seconds = {"server": server.cpu()}
        for n, child in enumerate(server.children()):
            seconds[f"worker{n or ''}"] = cpu_seconds(child)
        if sandbox:
            seconds["sandbox"] = sandbox.cpu()
        if postgres:
            seconds["postgres"] = postgres_cpu_seconds()
        return seconds

    server.get_json("/_bench/gc")  # reset: count only the measured run's pauses
    before = cpu()
    result = run_wrk(server.url, bodies, args, args.duration)
    after = cpu()
    gc_pauses = server.get_json("/_bench/gc")
    share = {k: round((after[k] - before[k]) / result.seconds, 3) for k in before}
    share["wrk"] = round(result.wrk_cpu_seconds / result.seconds, 3)
    return result, share, gc_pauses


def server_env(args: argparse.Namespace) -> dict[str, str]:
    return {"YUI_BENCH_LOG_LEVEL": args.log_level}


def bench_bare(args: argparse.Namespace, workdir: Path) -> Run:
    server = uvicorn_server("bare", "bench.servers:bare_app", workdir / "bare.log", env=server_env(args))
    try:
        server.wait_ready()
        bodies = workdir / "bare"
        # The bare endpoint ignores the ids, so a modest set that wraps around is fine.
        write_bodies(bodies, "BARE", 20_000 * args.threads, args.threads, args.events, args.users)
        run_wrk(server.url, bodies, args, args.warmup)
        result, share, gc_pauses = measure(server, bodies, args, sandbox=None, postgres=False)
    finally:
        server.stop()
        remove_bodies(workdir)
    return Run(
        endpoint="bare",
        backend="-",
        rps=result.rps,
        p50_ms=result.latency_ms["p50"],
        p99_ms=result.latency_ms["p99"],
        latency_ms=result.latency_ms,
        requests=result.requests,
        ok=result.ok,
        errors=result.errors,
        cpu_share=share,
        gc=gc_pauses,
    )


def wait_for_handling(url: str, tag: str, timeout: float) -> tuple[int, int, float]:
    """Poll until no event of the run awaits handling, or the count stops moving for 5 s.

    Returns (rows, still unhandled, seconds waited). Handling that failed leaves its row unhandled
    on purpose (an operator looks for `handled_at IS NULL`), hence the stop when nothing moves.
    """
    start = time.monotonic()
    rows, pending = inbox_counts(url, tag)
    last_change, last = start, pending
    while pending and time.monotonic() - start < timeout and time.monotonic() - last_change < 5:
        time.sleep(0.2)
        rows, pending = inbox_counts(url, tag)
        if pending != last:
            last_change, last = time.monotonic(), pending
    return rows, pending, (last_change if pending else time.monotonic()) - start


def bench_yui(backend: str, args: argparse.Namespace, workdir: Path, sandbox: Server, bare: Run) -> Run:
    url = prepare_database(backend, args, workdir)
    env = {
        **server_env(args),
        "YUI_BENCH_DATABASE_URL": url,
        "YUI_BENCH_LINE_SECRET": SECRET,
        "YUI_BENCH_LINE_API_URL": sandbox.url,
    }
    server = uvicorn_server(
        f"yui-{backend}", "bench.servers:yui_app", workdir / f"yui-{backend}.log", factory=True, env=env
    )
    run_tag = secrets.token_hex(3).upper()
    warm_tag, main_tag = f"W{run_tag}", f"M{run_tag}"
    try:
        server.wait_ready()
        # Enough distinct events for the warm-up at the bare endpoint's rate, then size the measured
        # run from the warm-up's rate with a wide margin; a thread that runs out invalidates the run.
        warm_bodies = workdir / f"warm-{backend}"
        warm_count = int(bare.rps * args.warmup * 1.2) + 1000
        write_bodies(warm_bodies, warm_tag, warm_count, args.threads, args.events, args.users)
        warm = run_wrk(server.url, warm_bodies, args, args.warmup)
        wait_for_handling(url, warm_tag, args.drain_timeout)  # start the measured run from a quiet server
        main_bodies = workdir / f"main-{backend}"
        main_count = int(min(bare.rps, max(warm.rps * 3, 500.0)) * args.duration) + 2000
        write_bodies(main_bodies, main_tag, main_count, args.threads, args.events, args.users)
        log_offset = server.log.stat().st_size
        result, share, gc_pauses = measure(server, main_bodies, args, sandbox=sandbox, postgres=backend == "postgresql")
        _, backlog = inbox_counts(url, main_tag)
        rows, pending, drain = wait_for_handling(url, main_tag, args.drain_timeout)
    finally:
        server.stop()
        drop_database(backend, args)
        remove_bodies(workdir)
    run = Run(
        endpoint="yui",
        backend=backend,
        rps=result.rps,
        p50_ms=result.latency_ms["p50"],
        p99_ms=result.latency_ms["p99"],
        latency_ms=result.latency_ms,
        requests=result.requests,
        ok=result.ok,
        errors=result.errors,
        cpu_share=share,
        gc=gc_pauses,
        ratio=result.rps / bare.rps,
        rows=rows,
        issued=result.issued,
        backlog_at_end=backlog,
        drain_seconds=round(drain, 2),
        left_unhandled=pending,
        errors_logged=logged_errors(server.log, log_offset),
        warmup_errors_logged=logged_errors(server.log, 0, log_offset),
    )
    # Every 200 is a stored event; requests still in flight when wrk stopped may be stored too.
    run.persisted_ok = result.ok <= rows <= result.issued and result.wrapped_threads == 0
    if result.wrapped_threads:
        run.notes.append(f"{result.wrapped_threads} wrk thread(s) ran out of bodies: duplicates were sent")
    if not result.ok <= rows <= result.issued:
        run.notes.append(f"inbox rows {rows} not within [200s {result.ok}, issued {result.issued}]")
    if pending:
        run.notes.append(f"{pending} events left unhandled (handling failed or did not finish): see the log")
    if run.errors_logged:
        run.notes.append(f"errors logged while measured: {run.errors_logged} in {server.log}")
    if run.warmup_errors_logged:
        run.notes.append(f"errors logged during the warm-up: {run.warmup_errors_logged} in {server.log}")
    run.passed = (
        run.ratio >= args.min_ratio and run.p99_ms < args.max_p99_ms and run.persisted_ok and result.failed == 0
    )
    return run


def logged_errors(log: Path, start: int, end: int | None = None) -> dict[str, int]:
    """Error-level structlog events in the server log between two offsets, counted by event name."""
    counts: dict[str, int] = {}
    with open(log, "rb") as f:
        f.seek(start)
        for raw in f.read(-1 if end is None else end - start).splitlines():
            line = raw.decode(errors="replace")
            if line.startswith("{"):
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("level") in {"error", "critical"}:
                    counts[entry.get("event", "?")] = counts.get(entry.get("event", "?"), 0) + 1
            elif line.startswith("Traceback"):
                counts["traceback"] = counts.get("traceback", 0) + 1
    return counts


# --- reporting -----------------------------------------------------------------------------------


def print_table(runs: list[Run], args: argparse.Namespace) -> None:
    head = ("endpoint", "backend", "req/s", "p50 ms", "p99 ms", "vs bare", "result")
    rows = []
    for r in runs:
        verdict = "-" if r.passed is None else ("PASS" if r.passed else "FAIL")
        ratio = "-" if r.ratio is None else f"{r.ratio:.0%}"
        rows.append((r.endpoint, r.backend, f"{r.rps:,.0f}", f"{r.p50_ms:.2f}", f"{r.p99_ms:.2f}", ratio, verdict))
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    print()
    print(
        f"LINE webhook ingest: -c {args.connections} -t {args.threads} -d {args.duration}s (warm-up {args.warmup}s), "
        f"{args.events} events, {os.cpu_count()} CPUs, Yui log level {args.log_level}"
    )
    print(f"target: Yui >= {args.min_ratio:.0%} of the bare endpoint's req/s and p99 < {args.max_p99_ms:g} ms")
    for row in (head, *rows):
        print(
            "  ".join(
                str(x).rjust(w) if i >= 2 else str(x).ljust(w) for i, (x, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print()
    for r in runs:
        cpu = ", ".join(f"{k} {v:.2f}" for k, v in r.cpu_share.items())
        gen2 = r.gc.get("gen2", {})
        line = (
            f"{r.endpoint}/{r.backend}: CPU cores used: {cpu}; full GCs {gen2.get('count')} "
            f"(total {gen2.get('total_ms')} ms, longest {gen2.get('max_ms')} ms, "
            f"{r.gc.get('tracked_objects')} tracked objects)"
        )
        if r.failed_requests:
            line += f"\n    ! failed requests: {r.errors}"
        if r.rows is not None:
            line += (
                f"\n    inbox rows {r.rows} for {r.ok} 200s ({r.issued} issued): "
                f"{'ok' if r.persisted_ok else 'MISMATCH'}; awaiting handling when the load stopped: "
                f"{r.backlog_at_end}, "
                + (
                    f"all handled {r.drain_seconds:.1f} s later"
                    if not r.left_unhandled
                    else f"{r.left_unhandled} still unhandled after {r.drain_seconds:.1f} s"
                )
            )
        for note in r.notes:
            line += f"\n    ! {note}"
        print(line)


def seconds(value: str) -> int:
    match = re.fullmatch(r"(\d+)\s*([sm]?)", value.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"expected a duration like 10s or 1m, got {value!r}")
    return int(match.group(1)) * (60 if match.group(2) == "m" else 1)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--connections", type=int, default=32)
    parser.add_argument("-t", "--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("-d", "--duration", type=seconds, default=10, help="measured seconds per endpoint (10s)")
    parser.add_argument("--warmup", type=seconds, default=2, help="unmeasured seconds before each run (2s)")
    parser.add_argument(
        "--backends",
        default="sqlite,postgresql",
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument("--pg-url", default=os.environ.get("YUI_BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument(
        "--events",
        choices=("text", "sticker"),
        default="text",
        help="text: realistic messages Yui answers (profile + reply to the sandbox after the ack); "
        "sticker: stored and acknowledged, nothing to answer (ingest alone)",
    )
    parser.add_argument("--users", type=int, default=200, help="distinct LINE users the events come from")
    parser.add_argument("--min-ratio", type=float, default=0.35)
    parser.add_argument("--max-p99-ms", type=float, default=100.0)
    parser.add_argument("--drain-timeout", type=float, default=120.0, help="seconds to wait for handling to finish")
    parser.add_argument(
        "--log-level",
        default="INFO",
        help="Yui's log level (INFO, the shipped default, logs one line per event)",
    )
    parser.add_argument("--keep-db", action="store_true", help=f"keep the PostgreSQL database {BENCH_DB}")
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    aliases = {"sqlite": "sqlite", "postgres": "postgresql", "postgresql": "postgresql", "pg": "postgresql"}
    names = [b.strip().lower() for b in args.backends.split(",") if b.strip()]
    unknown = [b for b in names if b not in aliases]
    if unknown:
        parser.error(f"unknown backend(s): {', '.join(unknown)} (use sqlite, postgresql)")
    args.backends = [aliases[b] for b in names]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed. Install it with `sudo apt-get install -y wrk` (Debian/Ubuntu) or "
            "`brew install wrk` (macOS), then run this again.",
            file=sys.stderr,
        )
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="yui-bench-"))
    runs: list[Run] = []
    broken: list[str] = []
    sandbox = None
    try:
        print(f"bare FastAPI endpoint ({args.duration}s) ...", file=sys.stderr, flush=True)
        bare = bench_bare(args, workdir)
        runs.append(bare)
        sandbox_port = free_port()
        sandbox = Server(
            "sandbox",
            [sys.executable, "-m", "bench.servers", "sandbox", "--port", str(sandbox_port), "--users", str(args.users)],
            sandbox_port,
            workdir / "sandbox.log",
        )
        sandbox.wait_ready("/v2/bot/profile/" + user_id(0))
        for backend in args.backends:
            print(f"Yui on {backend} ({args.duration}s) ...", file=sys.stderr, flush=True)
            try:
                runs.append(bench_yui(backend, args, workdir, sandbox, bare))
            except (RuntimeError, OSError, ConnectionError) as exc:  # e.g. PostgreSQL not reachable
                broken.append(f"yui/{backend}: {type(exc).__name__}: {exc}")
                print(f"  could not benchmark Yui on {backend}: {exc}", file=sys.stderr, flush=True)
    finally:
        if sandbox:
            sandbox.stop()
    print_table(runs, args)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.results_dir / f"ingest-{stamp}.json"
    config = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items() if k != "pg_url"}
    out.write_text(
        json.dumps(
            {
                "when": stamp,
                "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0]},
                "config": config,
                "runs": [asdict(r) for r in runs],
                "not_run": broken,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"\nresults: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}   logs: {workdir}")
    for problem in broken:
        print(f"NOT RUN {problem}")
    if broken:
        return 2
    return 0 if all(r.passed is not False for r in runs) else 1


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
