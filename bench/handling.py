"""Handling throughput: signed LINE messages through the real endpoint, answered by the real worker.

    .venv/bin/python -m bench.handling                               # SQLite and PostgreSQL, every phase
    .venv/bin/python -m bench.handling --backends postgresql --phases texts,reports,floor

Seeds N onboarded teleworkers (profile filled in, one accepted share each of a task under way),
starts Yui as `yui serve` runs it (uvicorn + `python -m bot worker --nice 10`, started by this script
so it can start two), the LINE API stand-in (`bench.servers sandbox`, which notes when each reply
and push arrives) and sends signed webhooks to `POST /line/webhook`. Phases (each its own events):

* texts    plain texts (こんにちは / ヘルプ), all sent at once: handled events/s, worker CPU ms per event
* reports  progress reports (「本日3件入力しました」), all at once: the same figures
* floor    the texts again, handled by `bench.servers floor-worker`: the same worker set-up whose bus
           only replies (lease, translate, reply, record the outcome); ratio = floor rate / texts rate
* burst    progress reports spread evenly over --burst-seconds (5,000 in 60 s, a 17:00 rush):
           webhook-to-reply latency p50/p99 and how many answers fell back to push
* two      the reports phase with two worker processes on the same database: combined rate

Every phase checks that each event was answered exactly once (one reply per reply token, no
duplicate token, which the stand-in would refuse) and that the inbox holds nothing unhandled.
Results go to bench/results/handling-<UTC>.json; see bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import secrets
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.ingest import (  # noqa: E402
    DEFAULT_PG_URL,
    RESULTS,
    Server,
    cpu_seconds,
    drop_database,
    free_port,
    inbox_counts,
    postgres_cpu_seconds,
    prepare_database,
    uvicorn_server,
)
from bench.servers import user_id  # noqa: E402
from bot.signing import line_signature  # noqa: E402

SECRET = "bench-line-channel-secret"
BOT = "U" + "c" * 32
TEXTS = ("こんにちは", "ヘルプ")
PHASES = ("texts", "reports", "floor", "burst", "two")


# --- the seeded world ----------------------------------------------------------------------------


async def seed(url: str, workers: int, per_task: int = 10) -> None:
    """`workers` onboarded teleworkers (LINE user `user_id(n)`), each with an accepted share of a
    task in progress (ten people a task), so a number in their message is a progress report."""
    from domain.model import (
        Identity,
        Organization,
        OrganizationKind,
        Person,
        Role,
        Task,
        TaskStatus,
        TimeWindow,
        Volume,
        WorkerProfile,
    )
    from domain.persistence import Database
    from domain.proposals import Assignment
    from domain.refs import PersonRef, Platform

    database = Database(url)
    try:
        async with database.unit_of_work() as uow:
            org = Organization(name="株式会社ベンチ", kind=OrganizationKind.CLIENT)
            await uow.organizations.add(org)
            client = Person(display_name="発注担当", organization_id=org.id, roles=frozenset({Role.CLIENT_MEMBER}))
            await uow.people.add(client)
            task: Task | None = None
            for n in range(workers):
                if n % per_task == 0:
                    task = Task(
                        org.id,
                        f"請求書入力{n // per_task}",
                        Volume(10_000_000, "件"),
                        date.today() + timedelta(days=60),
                        client.id,
                        status=TaskStatus.IN_PROGRESS,
                    )
                    await uow.tasks.add(task)
                assert task is not None
                person = Person(display_name=f"利用者{n}", roles=frozenset({Role.TELEWORKER}))
                person.add_identity(Identity(PersonRef(Platform.LINE, BOT, user_id(n)), f"利用者{n}"))
                await uow.people.add(person)
                await uow.profiles.save(
                    WorkerProfile(
                        person.id,
                        skills=frozenset({"data_entry"}),
                        weekly_hours=20,
                        time_windows=frozenset({TimeWindow.WEEKDAY_MORNING}),
                        region="長野県伊那市",
                    )
                )
                share = Assignment(org.id, task.id, person.id, 1_000_000, 20.0, 0, datetime.now(UTC))
                await uow.assignments.add(share)
            await uow.commit()
    finally:
        await database.dispose()


# --- request bodies ------------------------------------------------------------------------------


@dataclass
class Body:
    token: str  # the reply token: how the stand-in's reply is matched to the request
    user: str
    signature: str
    text: str


def bodies(tag: str, count: int, users: int, kind: str) -> list[Body]:
    out = []
    for n in range(count):
        token = f"{tag}{n:08d}" + secrets.token_hex(8)
        text = f"本日{n % 9 + 1}件入力しました" if kind == "report" else TEXTS[n % len(TEXTS)]
        user = user_id(n % users)
        event = {
            "type": "message",
            "mode": "active",
            "timestamp": int(time.time() * 1000),
            "source": {"type": "user", "userId": user},
            "webhookEventId": f"{tag}{n:0{26 - len(tag)}d}",
            "deliveryContext": {"isRedelivery": False},
            "replyToken": token,
            "message": {"type": "text", "id": str(10**14 + n), "text": text, "quoteToken": f"q{n}"},
        }
        body = json.dumps({"destination": BOT, "events": [event]}, ensure_ascii=False, separators=(",", ":"))
        out.append(Body(token, user, line_signature(SECRET, body), body))
    return out


# --- one phase -----------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    backend: str
    events: int
    workers: int  # worker processes
    sent_seconds: float
    answered: int
    replies: int
    pushes: int
    duplicates: int
    handled_per_s: float  # events / (last answer - first request)
    steady_per_s: float  # between the 10th and the 90th percentile of answers
    worker_cpu_ms_per_event: float
    latency_ms: dict[str, float]
    cpu_share: dict[str, float]
    left_unhandled: int
    uptime: str
    notes: list[str] = field(default_factory=list)


class Sandbox:
    def __init__(self, workdir: Path, users: int) -> None:
        port = free_port()
        self.server = Server(
            "sandbox",
            [sys.executable, "-m", "bench.servers", "sandbox", "--port", str(port), "--users", str(users)],
            port,
            workdir / "sandbox.log",
        )
        self.server.wait_ready("/v2/bot/profile/" + user_id(0))

    async def take(self, session: Any) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        async with session.post(self.server.url + "/v2/bot/_bench/line", json={}) as response:
            taken = await response.json()
        return [tuple(r) for r in taken["replies"]], [tuple(p) for p in taken["pushes"]]


async def send_all(session: Any, url: str, batch: list[Body], *, connections: int, seconds: float) -> dict[str, float]:
    """POST every body; `seconds` > 0 spreads them evenly over that time (open loop), else as fast as
    `connections` concurrent requests go. Returns each token's send time."""
    sent: dict[str, float] = {}
    queue: asyncio.Queue[Body] = asyncio.Queue()
    for body in batch:
        queue.put_nowait(body)
    start = time.monotonic()
    failures: list[int] = []

    async def post(body: Body) -> None:
        sent[body.token] = time.time()
        async with session.post(
            url + "/line/webhook",
            data=body.text.encode(),
            headers={"Content-Type": "application/json", "X-Line-Signature": body.signature},
        ) as response:
            await response.read()
            if response.status != 200:
                failures.append(response.status)

    if seconds > 0:
        interval = seconds / len(batch)
        tasks = []
        for n, body in enumerate(batch):
            delay = start + n * interval - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(post(body)))
        await asyncio.gather(*tasks)
    else:

        async def lane() -> None:
            while not queue.empty():
                await post(queue.get_nowait())

        await asyncio.gather(*(lane() for _ in range(connections)))
    if failures:
        raise RuntimeError(f"{len(failures)} webhooks not accepted: {sorted(set(failures))}")
    return sent


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def uptime() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


async def run_phase(
    name: str,
    backend: str,
    url: str,
    kind: str,
    count: int,
    args: argparse.Namespace,
    web: Server,
    sandbox: Sandbox,
    worker_pids: list[int],
    *,
    seconds: float = 0.0,
) -> Phase:
    import aiohttp

    tag = f"{name[:2].upper()}{secrets.token_hex(2).upper()}"
    batch = bodies(tag, count, args.workers, kind)
    tokens = {b.token for b in batch}
    users = {b.user for b in batch}
    connector = aiohttp.TCPConnector(limit=args.connections)
    async with aiohttp.ClientSession(connector=connector) as session:
        await sandbox.take(session)  # forget what came before
        cpu_before = {pid: cpu_seconds(pid) for pid in worker_pids}
        pg_before = postgres_cpu_seconds() if backend == "postgresql" else 0.0
        web_before = web.cpu()
        t0 = time.time()
        sender = asyncio.create_task(send_all(session, web.url, batch, connections=args.connections, seconds=seconds))
        replies: dict[str, float] = {}
        pushes: list[float] = []
        duplicates = 0
        last_progress = time.monotonic()
        while True:
            await asyncio.sleep(0.25)
            got, pushed = await sandbox.take(session)
            for token, at in got:
                if token in tokens:
                    if token in replies:
                        duplicates += 1
                    replies[token] = at
            pushes += [at for to, at in pushed if to in users]
            if got or pushed:
                last_progress = time.monotonic()
            if len(replies) + len(pushes) >= count and sender.done():
                break
            if time.monotonic() - last_progress > args.stall_seconds:
                break
        sent = await sender
        cpu_after = {pid: cpu_seconds(pid) for pid in worker_pids}
        pg_after = postgres_cpu_seconds() if backend == "postgresql" else 0.0
        web_after = web.cpu()
    answered_at = sorted([*replies.values(), *pushes])
    answered = len(answered_at)
    end = answered_at[-1] if answered_at else time.time()
    elapsed = max(end - t0, 1e-6)
    lo, hi = int(answered * 0.1), max(int(answered * 0.9) - 1, 0)
    steady = (
        (hi - lo) / (answered_at[hi] - answered_at[lo]) if answered > 20 and answered_at[hi] > answered_at[lo] else 0
    )
    latencies = [(at - sent[token]) * 1000 for token, at in replies.items()]
    worker_cpu = sum(cpu_after[p] - cpu_before[p] for p in worker_pids)
    _, pending = await asyncio.to_thread(inbox_counts, url, tag)
    phase = Phase(
        name=name,
        backend=backend,
        events=count,
        workers=len(worker_pids),
        sent_seconds=round(max(sent.values()) - t0, 2) if sent else 0.0,
        answered=answered,
        replies=len(replies),
        pushes=len(pushes),
        duplicates=duplicates,
        handled_per_s=round(answered / elapsed, 1),
        steady_per_s=round(steady, 1),
        worker_cpu_ms_per_event=round(worker_cpu * 1000 / max(answered, 1), 2),
        latency_ms={
            "p50": round(percentile(latencies, 0.5), 1),
            "p99": round(percentile(latencies, 0.99), 1),
            "max": round(max(latencies, default=float("nan")), 1),
        },
        cpu_share={
            "worker": round(worker_cpu / elapsed, 2),
            "web": round((web_after - web_before) / elapsed, 2),
            **({"postgres": round((pg_after - pg_before) / elapsed, 2)} if backend == "postgresql" else {}),
        },
        left_unhandled=pending,
        uptime=uptime(),
    )
    if answered < count:
        phase.notes.append(f"{count - answered} events not answered within {args.stall_seconds:g} s of the last answer")
    if duplicates:
        phase.notes.append(f"{duplicates} reply tokens answered twice")
    if pending:
        phase.notes.append(f"{pending} inbox rows left unhandled")
    return phase


# --- processes -----------------------------------------------------------------------------------


def worker_env(url: str, sandbox: Sandbox, args: argparse.Namespace) -> dict[str, str]:
    from bot.settings import Settings

    settings = Settings(
        _env_file=None,
        database_url=url,
        line_channel_secret=SECRET,
        line_channel_access_token="bench-line-token",
        line_api_url=sandbox.server.url,
        slack_signing_secret=None,
        slack_bot_token=None,
        openai_api_key=None,
        log_format="json",
        log_level=args.log_level,
        worker="external",
    )
    return settings.to_environment()


def start_workers(
    kind: str, n: int, url: str, sandbox: Sandbox, args: argparse.Namespace, workdir: Path
) -> list[Server]:
    """`n` worker processes as `yui serve` starts its one: `python -m bot worker --nice 10`
    (kind "yui"), or the floor worker with the same set-up (kind "floor")."""
    module = ["bot", "worker"] if kind == "yui" else ["bench.servers", "floor-worker"]
    started = []
    for i in range(n):
        log = workdir / f"worker-{kind}-{i}-{secrets.token_hex(2)}.log"
        argv = [sys.executable, "-m", *module, "--nice", "10"]
        started.append(Server(f"worker-{kind}-{i}", argv, 0, log, worker_env(url, sandbox, args)))
    return started


def wait_workers_ready(workers: list[Server], timeout: float = 60.0) -> None:
    """A worker is up when it has logged anything after start-up imports (its lease loop runs
    right after); the SDK imports take a few seconds."""
    deadline = time.monotonic() + timeout
    for w in workers:
        while time.monotonic() < deadline:
            if w.proc.poll() is not None:
                raise RuntimeError(f"{w.name} exited:\n{w.log_tail()}")
            if w.log.stat().st_size > 0 or _has_connected(w.proc.pid):
                break
            time.sleep(0.2)
    time.sleep(1.0)


def _has_connected(pid: int) -> bool:
    """The worker holds a database or sandbox socket once its services are open."""
    try:
        return any("socket:" in os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def stop_all(servers: list[Server]) -> None:
    for s in servers:
        s.stop()


async def warm_up(args: argparse.Namespace, web: Server, sandbox: Sandbox, url: str, pids: list[int]) -> None:
    """A few hundred messages so connections, pools and caches are up before anything is measured."""
    await run_phase("warm", "-", url, "report", min(300, args.workers * 2), args, web, sandbox, pids)


def bench_backend(backend: str, args: argparse.Namespace, workdir: Path) -> list[Phase]:
    url = prepare_database(backend, args, workdir)
    phases: list[Phase] = []
    sandbox = Sandbox(workdir, args.workers)
    web = None
    workers: list[Server] = []
    try:
        asyncio.run(seed(url, args.workers))
        env = {
            "YUI_BENCH_LOG_LEVEL": args.log_level,
            "YUI_BENCH_DATABASE_URL": url,
            "YUI_BENCH_LINE_SECRET": SECRET,
            "YUI_BENCH_LINE_API_URL": sandbox.server.url,
            "YUI_BENCH_WORKER": "external",
        }
        web = uvicorn_server(
            f"yui-{backend}", "bench.servers:yui_app", workdir / f"yui-{backend}.log", factory=True, env=env
        )
        web.wait_ready()

        def measured(kind: str, n_workers: int, runs: list[tuple[str, str, int, float]]) -> None:
            nonlocal workers
            workers = start_workers(kind, n_workers, url, sandbox, args, workdir)
            wait_workers_ready(workers)
            pids = [w.proc.pid for w in workers]
            print(f"  {kind} worker process(es): pid {', '.join(map(str, pids))}", file=sys.stderr, flush=True)
            asyncio.run(warm_up(args, web, sandbox, url, pids))  # type: ignore[arg-type]
            for name, event_kind, count, seconds in runs:
                print(
                    f"  {backend}: {name} ({count} events, {n_workers} worker process(es)) ...",
                    file=sys.stderr,
                    flush=True,
                )
                phase = asyncio.run(
                    run_phase(name, backend, url, event_kind, count, args, web, sandbox, pids, seconds=seconds)  # type: ignore[arg-type]
                )
                print(f"    {summary(phase)}", file=sys.stderr, flush=True)
                phases.append(phase)
            stop_all(workers)
            workers = []

        yui_runs = [
            (name, kind, count, seconds)
            for name, kind, count, seconds in (
                ("texts", "text", args.texts, 0.0),
                ("reports", "report", args.reports, 0.0),
                ("burst", "report", args.burst, float(args.burst_seconds)),
            )
            if name in args.phases and count
        ]
        if yui_runs:
            measured("yui", 1, yui_runs)
        if "floor" in args.phases:
            measured("floor", 1, [("floor", "text", args.texts, 0.0)])
        if "two" in args.phases:
            measured("yui", 2, [("two", "report", args.reports, 0.0)])
    finally:
        stop_all(workers)
        if web is not None:
            web.stop()
        sandbox.server.stop()
        drop_database(backend, args)
    return phases


def summary(p: Phase) -> str:
    line = (
        f"{p.name:8} {p.backend:10} {p.workers}w {p.events:>6} ev  {p.handled_per_s:>7.1f}/s "
        f"(steady {p.steady_per_s:.1f}/s)  cpu {p.worker_cpu_ms_per_event:.2f} ms/ev  "
        f"p50 {p.latency_ms['p50']:.0f} ms  p99 {p.latency_ms['p99']:.0f} ms  push {p.pushes}  load {p.uptime}"
    )
    for note in p.notes:
        line += f"\n      ! {note}"
    return line


def print_results(phases: list[Phase]) -> None:
    print()
    head = (
        "phase",
        "backend",
        "procs",
        "events",
        "handled/s",
        "steady/s",
        "cpu ms/ev",
        "p50 ms",
        "p99 ms",
        "push",
        "load",
    )
    rows = [
        (
            p.name,
            p.backend,
            str(p.workers),
            str(p.events),
            f"{p.handled_per_s:,.1f}",
            f"{p.steady_per_s:,.1f}",
            f"{p.worker_cpu_ms_per_event:.2f}",
            f"{p.latency_ms['p50']:,.0f}",
            f"{p.latency_ms['p99']:,.0f}",
            str(p.pushes),
            p.uptime,
        )
        for p in phases
    ]
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]
    for row in (head, *rows):
        print(
            "  ".join(
                x.ljust(w) if i in (0, 1, 10) else x.rjust(w) for i, (x, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    for backend in sorted({p.backend for p in phases}):
        by = {p.name: p for p in phases if p.backend == backend}
        if "floor" in by and "texts" in by and by["texts"].steady_per_s:
            ratio = by["floor"].steady_per_s / by["texts"].steady_per_s
            print(f"{backend}: floor / texts = {ratio:.2f} (the texts run at 1/{ratio:.2f} of the floor's rate)")
    for p in phases:
        for note in p.notes:
            print(f"! {p.name}/{p.backend}: {note}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--phases", default=",".join(PHASES), help=f"comma-separated, of {', '.join(PHASES)}")
    parser.add_argument("--workers", type=int, default=500, help="seeded teleworkers (distinct LINE users)")
    parser.add_argument("--texts", type=int, default=3000)
    parser.add_argument("--reports", type=int, default=3000)
    parser.add_argument("--burst", type=int, default=5000, help="reports in the paced burst")
    parser.add_argument("--burst-seconds", type=int, default=60)
    parser.add_argument("-c", "--connections", type=int, default=32, help="concurrent webhook requests")
    parser.add_argument("--stall-seconds", type=float, default=20.0, help="give up when nothing is answered this long")
    parser.add_argument("--pg-url", default=os.environ.get("YUI_BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    aliases = {"sqlite": "sqlite", "postgres": "postgresql", "postgresql": "postgresql", "pg": "postgresql"}
    args.backends = [aliases[b.strip().lower()] for b in args.backends.split(",") if b.strip()]
    args.phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(args.phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {sorted(unknown)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="yui-handling-"))
    phases: list[Phase] = []
    broken = []
    for backend in args.backends:
        print(f"Yui on {backend} (load {uptime()}) ...", file=sys.stderr, flush=True)
        try:
            phases += bench_backend(backend, args, workdir)
        except (RuntimeError, OSError, ConnectionError) as exc:
            broken.append(f"{backend}: {type(exc).__name__}: {exc}")
            print(f"  could not benchmark {backend}: {exc}", file=sys.stderr, flush=True)
    print_results(phases)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.results_dir / f"handling-{stamp}.json"
    config = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items() if k != "pg_url"}
    out.write_text(
        json.dumps(
            {
                "when": stamp,
                "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0]},
                "config": config,
                "phases": [asdict(p) for p in phases],
                "not_run": broken,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"\nresults: {out}   logs: {workdir}")
    for problem in broken:
        print(f"NOT RUN {problem}")
    return 2 if broken else 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
