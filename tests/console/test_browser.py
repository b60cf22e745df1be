"""The console in a real browser: headless Chromium (Debian's package) driven by selenium signs in
with a one-time link, opens every page from the navigation, follows links to a task and a person,
filters the people list (htmx), submits a form, switches to English, and takes screenshots (on a
desktop and on a phone-sized window) into YUI_SCREENSHOTS or the test's temporary folder.

Without the browser the test is skipped on a workstation and fails under CI=true (`.ci/run`
installs it: `apt-get install chromium chromium-driver`).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

from bot.console.app import create_signin_link
from bot.harness import RunningApp
from tests.console.world import World

pytestmark = pytest.mark.browser


def _browser_paths() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


@pytest.fixture
def browser_paths() -> tuple[str, str]:
    found = _browser_paths()
    if found is None:
        message = "Chromium and chromedriver are needed (apt-get install -y chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def _browse(base: str, link: str, world: World, shots: Path, paths: tuple[str, str]) -> list[str]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    shots.mkdir(parents=True, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--lang=ja",
        "--window-size=1280,1000",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(paths[1]), options=options)
    seen: list[str] = []
    errors: list[str] = []
    try:
        wait = WebDriverWait(driver, 10)

        def shot(name: str) -> None:
            driver.save_screenshot(str(shots / f"{name}.png"))
            seen.append(driver.current_url.removeprefix(base))
            errors.extend(
                e["message"]
                for e in driver.get_log("browser")  # type: ignore[no-untyped-call]
                if e["level"] == "SEVERE" and "favicon" not in e["message"]
            )

        driver.get(link)
        wait.until(ec.element_to_be_clickable((By.ID, "signin"))).click()
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "svg.chart")))
        assert "事業の概況" in driver.page_source
        shot("overview")
        nav = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "nav.nav a")]
        assert len(nav) == 6, nav
        for href in nav:
            assert href is not None
            driver.get(href)
            wait.until(ec.presence_of_element_located((By.TAG_NAME, "h1")))
            assert driver.title and "404" not in driver.title
            shot(href.rstrip("/").rsplit("/", 1)[-1])
        # follow links: the work board to a task, the task to its assignee
        driver.get(base + "/console/work")
        driver.find_element(By.PARTIAL_LINK_TEXT, "請求書入力").click()
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "svg.chart")))
        assert "請求書入力" in driver.find_element(By.TAG_NAME, "h1").text
        shot("task")
        driver.find_element(By.LINK_TEXT, world.worker.display_name).click()
        wait.until(ec.presence_of_element_located((By.TAG_NAME, "meter")))
        shot("person")
        # htmx: typing in the search box narrows the list without a page load
        driver.get(base + "/console/people")
        box = driver.find_element(By.NAME, "q")
        box.send_keys("小林")
        wait.until(lambda d: "加藤" not in d.find_element(By.ID, "people-rows").text)
        assert "小林 ゆき" in driver.find_element(By.ID, "people-rows").text
        shot("people-search")
        # a form: create a team, then see it and the change log
        driver.get(base + "/console/teams")
        driver.find_element(By.NAME, "name").send_keys("伊那チーム")
        driver.find_element(By.NAME, "leader").send_keys(world.other.id)
        driver.find_element(By.CSS_SELECTOR, "form[action='/console/operations/team'] button").click()
        wait.until(ec.presence_of_element_located((By.LINK_TEXT, "伊那チーム")))
        shot("teams-after-create")
        # English, then a phone-sized window
        driver.find_element(By.CSS_SELECTOR, "form[action='/console/lang'] button").click()
        wait.until(ec.presence_of_element_located((By.XPATH, "//h1[contains(., 'Teams')]")))
        driver.get(base + "/console")
        wait.until(ec.presence_of_element_located((By.XPATH, "//h1[contains(., 'Programme overview')]")))
        shot("overview-en")
        driver.set_window_size(390, 844)
        driver.get(base + "/console/work")
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".board")))
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 400, f"the work board is {width}px wide on a phone"
        shot("work-phone")
    finally:
        driver.quit()
    assert not errors, errors  # no CSP violation, no missing file
    assert len(list(shots.glob("*.png"))) >= 12
    return seen


async def test_the_console_in_a_real_browser(console: tuple[RunningApp, World], browser_paths, tmp_path: Path) -> None:
    running, world = console
    services = running.runtime.services
    link = await create_signin_link(services.database, services.settings, world.coordinator.id, services.clock.now())
    link = running.url + link[link.index("/console/") :]
    shots = Path(os.environ.get("YUI_SCREENSHOTS") or tmp_path)
    seen = await asyncio.to_thread(_browse, running.url, link, world, shots, browser_paths)
    assert {"/console", "/console/people", "/console/work", "/console/teams", "/console/downloads"} <= set(seen)
