"""The web console through the real app: sign-in links (single use, hashed), Sign in with Slack
against the sandbox, who sees what (a client editing a URL to another organisation's task gets
404), CSRF on forms, security headers, downloads, and a change made from the console logged."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from urllib.parse import parse_qs, urlsplit

import httpx

from bot.console.app import create_signin_link
from bot.harness import RunningApp
from bot.sandbox import PlatformSandbox


async def sign_in(running: RunningApp, person_id: str) -> httpx.AsyncClient:
    services = running.runtime.services
    link = await create_signin_link(services.database, services.settings, person_id, services.clock.now())
    token = parse_qs(urlsplit(link).query)["token"][0]
    client = httpx.AsyncClient(base_url=running.url)
    page = await client.get("/console/signin", params={"token": token})
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None
    answer = await client.post("/console/signin", data={"csrf": csrf.group(1), "token": token})
    assert answer.status_code == 303, answer.text
    return client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


async def test_a_sign_in_link_works_once_and_only_its_hash_is_stored(console) -> None:
    running, world = console
    services = running.runtime.services
    link = await create_signin_link(services.database, services.settings, world.coordinator.id, services.clock.now())
    token = parse_qs(urlsplit(link).query)["token"][0]
    async with httpx.AsyncClient(base_url=running.url) as client:
        page = await client.get("/console/signin", params={"token": token})
        csrf = csrf_of(page.text)
        first = await client.post("/console/signin", data={"csrf": csrf, "token": token})
        assert first.status_code == 303
        overview = await client.get("/console")
        assert overview.status_code == 200 and "事業の概況" in overview.text
        assert "未回答の質問" in overview.text
    async with httpx.AsyncClient(base_url=running.url) as again:
        page = await again.get("/console/signin", params={"token": token})
        second = await again.post("/console/signin", data={"csrf": csrf_of(page.text), "token": token})
        assert second.status_code == 400
        assert "使用済み" in second.text
        assert (await again.get("/console")).status_code == 303  # still signed out
    assert (
        await services.database.console().use_signin(hashlib.sha256(token.encode()).hexdigest(), services.clock.now())
        is None
    )
    assert (
        await services.database.console().use_signin(token, services.clock.now()) is None
    )  # the raw token is not a key


async def test_signing_in_needs_the_form_token(console) -> None:
    running, world = console
    services = running.runtime.services
    link = await create_signin_link(services.database, services.settings, world.coordinator.id, services.clock.now())
    token = parse_qs(urlsplit(link).query)["token"][0]
    async with httpx.AsyncClient(base_url=running.url) as client:
        await client.get("/console/signin", params={"token": token})
        refused = await client.post("/console/signin", data={"csrf": "forged", "token": token})
        assert refused.status_code == 403
    # the link was not spent by the refused attempt
    client = await sign_in_with(running, token)
    assert (await client.get("/console")).status_code == 200
    await client.aclose()


async def sign_in_with(running: RunningApp, token: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=running.url)
    page = await client.get("/console/signin", params={"token": token})
    answer = await client.post("/console/signin", data={"csrf": csrf_of(page.text), "token": token})
    assert answer.status_code == 303
    return client


async def test_sign_in_with_slack_goes_through_openid_connect(console, sandbox: PlatformSandbox) -> None:
    running, _ = console
    sandbox.state.openid_user = ("TA", "UA1", "田中")
    async with httpx.AsyncClient(base_url=running.url, follow_redirects=True) as client:
        page = await client.get("/console/login/slack")
        assert page.status_code == 200
        assert str(page.url).endswith("/console/work")  # a client member lands on the work board
        assert "請求書入力" in page.text
    methods = [c.path for c in sandbox.state.calls if "openid" in c.path]
    assert methods == ["/api/openid.connect.token", "/api/openid.connect.userInfo"]
    sandbox.state.openid_user = ("TA", "UNKNOWN", "誰か")
    async with httpx.AsyncClient(base_url=running.url, follow_redirects=True) as stranger:
        page = await stranger.get("/console/login/slack")
        assert page.status_code == 403
        assert "登録されていません" in page.text


async def test_a_callback_with_another_state_is_refused(console) -> None:
    running, _ = console
    async with httpx.AsyncClient(base_url=running.url) as client:
        answer = await client.get("/console/login/slack/callback", params={"code": "x", "state": "forged"})
        assert answer.status_code == 400


async def test_a_client_sees_only_its_own_organisations_work(console) -> None:
    running, world = console
    client = await sign_in(running, world.client_b.id)
    board = await client.get("/console/work")
    assert "図面チェック" in board.text and "請求書入力" not in board.text
    assert (await client.get(f"/console/tasks/{world.task_b.id}")).status_code == 200
    other = await client.get(f"/console/tasks/{world.task_a.id}")  # edited URL: another organisation's task
    assert other.status_code == 404
    assert "請求書入力" not in other.text
    assert (await client.get(f"/console/tasks/{'0' * 32}")).status_code == 404
    assert (await client.get("/console/people")).status_code == 404
    assert (await client.get(f"/console/people/{world.worker.id}")).status_code == 404
    assert (await client.get("/console/downloads/report.xlsx")).status_code == 404
    overview = await client.get("/console", follow_redirects=False)
    assert overview.status_code == 303
    await client.aclose()


async def test_a_client_reads_its_task_without_workers_private_words(console) -> None:
    running, world = console
    client = await sign_in(running, world.client_a.id)
    page = await client.get(f"/console/tasks/{world.task_a.id}")
    assert page.status_code == 200
    assert "<svg" in page.text  # the burn-up chart
    assert "取引先コードなし" not in page.text  # a blocker's wording
    assert "入力しました" not in page.text  # the report's own words
    await client.aclose()


async def test_a_leader_sees_their_team_and_its_work_only(console) -> None:
    running, world = console
    client = await sign_in(running, world.leader.id)
    assert (await client.get(f"/console/teams/{world.team.id}")).status_code == 200
    person = await client.get(f"/console/people/{world.worker.id}")
    assert person.status_code == 200 and "子どもの送迎" in person.text  # a leader sees the constraints
    assert (await client.get(f"/console/people/{world.other.id}")).status_code == 404
    assert (await client.get(f"/console/tasks/{world.task_a.id}")).status_code == 200
    assert (await client.get(f"/console/tasks/{world.task_b.id}")).status_code == 404
    await client.aclose()


async def test_the_coordinator_opens_every_page_with_security_headers(console) -> None:
    running, world = console
    client = await sign_in(running, world.coordinator.id)
    for path in (
        "/console",
        "/console/people",
        f"/console/people/{world.worker.id}",
        "/console/people?skill=data_entry",
        "/console/work",
        f"/console/tasks/{world.task_a.id}",
        "/console/teams",
        f"/console/teams/{world.team.id}",
        "/console/downloads",
        "/console/operations",
    ):
        page = await client.get(path)
        assert page.status_code == 200, path
        assert "'unsafe-inline'" not in page.headers["content-security-policy"]
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["referrer-policy"] == "no-referrer"
        assert "<script>" not in page.text and " style=" not in page.text
    people = await client.get("/console/people", params={"skill": "data_entry"})
    assert "小林 ゆき" in people.text and "加藤 みどり" not in people.text
    await client.aclose()


async def test_downloads_are_a_workbook_with_a_chart_and_a_csv(console) -> None:
    running, world = console
    client = await sign_in(running, world.coordinator.id)
    xlsx = await client.get("/console/downloads/report.xlsx")
    assert xlsx.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(xlsx.content)).namelist()
    assert any(n.startswith("xl/charts/chart") for n in names)
    csv = await client.get("/console/downloads/reports.csv")
    assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode())
    await client.aclose()


async def test_a_change_needs_the_csrf_token_and_is_logged(console) -> None:
    running, world = console
    client = await sign_in(running, world.coordinator.id)
    page = await client.get("/console/operations")
    refused = await client.post(
        "/console/operations/team", data={"csrf": "nope", "name": "伊那チーム", "leader": world.other.id}
    )
    assert refused.status_code == 403
    done = await client.post(
        "/console/operations/team", data={"csrf": csrf_of(page.text), "name": "伊那チーム", "leader": world.other.id}
    )
    assert done.status_code == 303
    teams = await client.get("/console/teams")
    assert "伊那チーム" in teams.text
    log = await client.get("/console/operations")
    assert "team.create" in log.text and "佐藤 コーディ" in log.text
    await client.aclose()


async def test_a_coordinator_exports_and_then_deletes_a_persons_data_with_confirmation(console) -> None:
    running, world = console
    client = await sign_in(running, world.coordinator.id)
    exported = await client.get(f"/console/people/{world.other.id}/export")
    assert exported.status_code == 200 and "加藤 みどり" in exported.text
    page = await client.get(f"/console/people/{world.other.id}")
    unconfirmed = await client.post(f"/console/people/{world.other.id}/delete", data={"csrf": csrf_of(page.text)})
    assert unconfirmed.status_code == 400
    deleted = await client.post(
        f"/console/people/{world.other.id}/delete", data={"csrf": csrf_of(page.text), "confirm": "yes"}
    )
    assert deleted.status_code == 303
    async with running.runtime.services.database.unit_of_work() as uow:
        person = await uow.people.get(world.other.id)
    assert person is not None and person.withdrawn and person.display_name == ""
    log = await client.get("/console/operations")
    assert "person.delete" in log.text and "person.export" in log.text
    leader = await sign_in(running, world.leader.id)  # a leader may not export anyone
    assert (await leader.get(f"/console/people/{world.worker.id}/export")).status_code == 404
    await client.aclose()
    await leader.aclose()
