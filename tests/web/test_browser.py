"""The console in a real browser: Debian's Chromium driven by Playwright, against `groupbot run`.

The bot runs as `make run` runs it (console adapter, SQLite), in a subprocess
whose stdin is the chat; its stdout is the fake group. One browser serves
test here. Set GROUPBOT_SCREENSHOTS=1 to refresh the screenshots in docs/.
Without Chromium the tests skip, except in CI, where they fail.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = next((path for name in ("chromium", "chromium-browser") if (path := shutil.which(name))), None)
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/signin\?token=\S+)")
pytestmark = pytest.mark.browser

if CHROMIUM is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs Chromium for the browser tests: apt-get install -y chromium")
    pytest.skip("no Chromium found (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


class RunningBot:
    """`groupbot run` on the console: type lines into the group, read what the bot says."""

    def __init__(self, tmp: Path) -> None:
        faq = tmp / "faq"
        shutil.copytree(ROOT / "faq" / "en", faq)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "GROUPBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'bot.db'}",
               "GROUPBOT_FAQ_DIR": str(faq), "GROUPBOT_WEB__PORT": str(port),
               "GROUPBOT_WEB__SECRET_FILE": str(tmp / "web-secret"), "GROUPBOT_OPS__ADMINS": '["console:ops"]',
               "GROUPBOT_CONFIG": str(tmp / "none.toml")}
        self.env = env
        self.faq = faq
        # Two weeks of demo tickets and questions, so the queue and insights have something to show.
        subprocess.run([sys.executable, "-m", "groupbot", "demo", "seed"], cwd=tmp, env=env, check=True,
                       capture_output=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "groupbot", "run"], cwd=tmp, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for stream in (self.process.stdout, self.process.stderr):
            threading.Thread(target=self._pump, args=(stream,), daemon=True).start()
        self.url = self.wait_for(re.compile(r"support console: (\S+)/")).group(1)

    def _pump(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put(line)

    def say(self, line: str) -> None:
        """One line into the console chat (``name: text`` speaks as name)."""
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def wait_for(self, pattern: re.Pattern[str], seconds: float = 30) -> re.Match[str]:
        """The first output line matching ``pattern`` (polling the output, not the wall clock's sleep)."""
        deadline = time.monotonic() + seconds
        seen = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            seen.append(line)
            found = pattern.search(line)
            if found:
                return found
        raise AssertionError(f"no line matching {pattern.pattern!r}; saw: {''.join(seen)[-2000:]}")

    def ask(self, question: str) -> str:
        """What `groupbot ask` prints for ``question`` (a separate process on the same files)."""
        done = subprocess.run([sys.executable, "-m", "groupbot", "ask", question], env=self.env,
                              capture_output=True, text=True, check=True, cwd=self.faq.parent)
        return done.stdout

    def stop(self) -> None:
        """End of input stops the bot."""
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    running = RunningBot(tmp_path_factory.mktemp("browser-bot"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # One browser for all the browser tests, which live in this module. Not session-scoped: the sync
    # API keeps its own event loop running while open, and the asyncio tests after this module need theirs.
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def page(browser: object, bot: RunningBot) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")  # type: ignore[attr-defined]
    signed_in = context.new_page()
    bot.say("ops: /web")
    link = bot.wait_for(LINK).group(1)
    # Opened as from a chat app: a link on another site (localhost is not 127.0.0.1), so the
    # session cookie must survive a cross-site navigation and its redirect (SameSite=Lax, not Strict).
    signed_in.goto(bot.url.replace("127.0.0.1", "localhost") + "/healthz")
    signed_in.set_content(f'<a id="link" href="{link}">sign in</a>')
    signed_in.click("#link")
    signed_in.wait_for_load_state()
    yield signed_in
    context.close()


def shoot(page: object, name: str, full_page: bool = False) -> None:
    """A screenshot: into docs/ with GROUPBOT_SCREENSHOTS=1, else only taken (the page must render)."""
    target = SHOTS / f"{name}.png" if os.environ.get("GROUPBOT_SCREENSHOTS") == "1" else None
    page.screenshot(path=str(target) if target else None, full_page=full_page)  # type: ignore[attr-defined]


def test_a_link_from_the_console_opens_the_ticket_queue(page: object, bot: RunningBot) -> None:
    assert page.url.rstrip("/") == bot.url  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Tickets"  # type: ignore[attr-defined]
    cookies = page.context.cookies()  # type: ignore[attr-defined]
    session = next(c for c in cookies if c["name"] == "groupbot_session")
    assert session["httpOnly"] and session["sameSite"] == "Lax"


def test_resolving_a_ticket_posts_the_answer_in_the_group(page: object, bot: RunningBot) -> None:
    bot.say("customer: my moon laser keeps humming at night, what can I do?")
    number = bot.wait_for(re.compile(r"ticket #(\d+)")).group(1)
    bot.say("bob: the moon laser hums all night long, why?")
    page.goto(f"{bot.url}/")  # type: ignore[attr-defined]
    shoot(page, "tickets")
    page.get_by_role("link", name=f"#{number}").first.click()  # type: ignore[attr-defined]
    shoot(page, "ticket", full_page=True)
    page.fill("#answer-text", "Which firmware does the laser show?")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Send without resolving").click()  # type: ignore[attr-defined]
    assert "the update went to" in page.locator(".flash").inner_text()  # type: ignore[attr-defined]
    bot.wait_for(re.compile(r"^Which firmware does the laser show\?"))
    page.fill("#answer-text", "Update the laser firmware to 2.1; the hum stops.")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Resolve").click()  # type: ignore[attr-defined]
    assert "resolved" in page.locator(".flash").inner_text().lower()  # type: ignore[attr-defined]
    bot.wait_for(re.compile(r"^Update the laser firmware to 2\.1"))


def test_editing_an_entry_changes_groupbot_ask(page: object, bot: RunningBot) -> None:
    question = "how do I make my moon laser forget the old passcode"
    assert "decision: answer" not in bot.ask(question)
    page.goto(f"{bot.url}/knowledge?q=password")  # type: ignore[attr-defined]
    shoot(page, "knowledge")
    page.get_by_role("link", name="en-password-reset").first.click()  # type: ignore[attr-defined]
    page.fill("#f-aliases", page.input_value("#f-aliases") + "\n" + question)  # type: ignore[attr-defined]
    shoot(page, "entry")
    page.get_by_role("button", name="Save").click()  # type: ignore[attr-defined]
    assert "Saved en-password-reset" in page.locator(".flash").inner_text()  # type: ignore[attr-defined]
    after = bot.ask(question)
    assert "decision: answer" in after and "entry: en-password-reset" in after
    page.goto(f"{bot.url}/knowledge")  # type: ignore[attr-defined]
    page.fill("input[name=question]", question)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Try").click()  # type: ignore[attr-defined]
    page.locator(".tried").wait_for()  # type: ignore[attr-defined]
    assert "answer" in page.locator(".decision").inner_text()  # type: ignore[attr-defined]
    shoot(page, "try")


def test_importing_a_csv_with_one_bad_row(page: object, bot: RunningBot, tmp_path: Path) -> None:
    sheet = tmp_path / "faq.csv"
    sheet.write_text("id,question,answer,aliases\n"
                     "moon-aim,How do I aim the moon laser?,Use the scope on the left.,aim it | point the laser\n"
                     "moon-bad,Why is it broken?,,\n", encoding="utf-8")
    page.goto(f"{bot.url}/knowledge/import")  # type: ignore[attr-defined]
    page.set_input_files("input[type=file]", str(sheet))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Preview the import").click()  # type: ignore[attr-defined]
    problems = page.locator(".problem").all_inner_texts()  # type: ignore[attr-defined]
    assert problems == ["row 3, column C (answer): 'answer' is empty"]
    shoot(page, "import")
    page.get_by_role("button", name="Import 1 entry").click()  # type: ignore[attr-defined]
    assert "1 added" in page.locator(".flash").inner_text()  # type: ignore[attr-defined]
    assert "entry: moon-aim" in bot.ask("how do I aim the moon laser")


def test_insights_groups_chinese_and_phone(page: object, bot: RunningBot) -> None:
    page.goto(f"{bot.url}/insights")  # type: ignore[attr-defined]
    assert page.locator("img.chart").evaluate("img => img.naturalWidth") > 0  # type: ignore[attr-defined]
    shoot(page, "insights", full_page=True)
    page.goto(f"{bot.url}/groups")  # type: ignore[attr-defined]
    assert "demo-group" in page.content()  # type: ignore[attr-defined]
    shoot(page, "groups")
    page.get_by_role("link", name="中文", exact=True).click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "会话"  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(f"{bot.url}/")  # type: ignore[attr-defined]
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 390
    shoot(page, "phone-tickets-zh")
    page.get_by_role("link", name="EN", exact=True).click()  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1280, "height": 860})  # type: ignore[attr-defined]


def test_on_a_phone_a_groups_settings_are_in_view_and_save(page: object, bot: RunningBot) -> None:
    page.set_viewport_size({"width": 375, "height": 740})  # type: ignore[attr-defined]
    try:
        page.goto(f"{bot.url}/groups")  # type: ignore[attr-defined]
        row = page.locator("tr", has_text="demo-group")  # type: ignore[attr-defined]
        for control in (row.locator("select[name=mode]"), row.locator("select[name=locale]"),
                        row.get_by_role("button", name="Save")):
            box = control.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
        assert "Chinese" in row.locator("select[name=locale]").inner_text()  # a language's name, not zh-CN
        row.locator("select[name=mode]").select_option("questions")
        row.get_by_role("button", name="Save").click()
        assert "Saved the settings of demo-group" in page.locator(".flash").inner_text()  # type: ignore[attr-defined]
    finally:
        page.set_viewport_size({"width": 1280, "height": 860})  # type: ignore[attr-defined]
