"""The Dockerfile's promises, checked without a Docker engine (none runs here).

Builds cache dependencies apart from the code, the image keeps what the bot
learns in its volume, draws Chinese chart labels, and refuses to start silently
when no platform is configured.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from groupbot.features.digest.chart import _CJK_FONTS

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
# Debian packages and the family name matplotlib sees for each (checked on bookworm)
CJK_FONT_PACKAGES = {"fonts-wqy-zenhei": "WenQuanYi Zen Hei", "fonts-noto-cjk": "Noto Sans CJK JP"}


def stages() -> list[list[str]]:
    """Each stage's instructions (continuation lines joined), in order."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    result: list[list[str]] = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            result.append([])
        result[-1].append(line)
    return result


def environment() -> dict[str, str]:
    """The runtime stage's ENV settings."""
    pairs: dict[str, str] = {}
    for line in stages()[-1]:
        if line.upper().startswith("ENV "):
            pairs.update(re.findall(r"(\w+)=(\S+)", line))
    return pairs


def test_dependencies_are_installed_in_a_layer_before_the_source_is_copied() -> None:
    build = stages()[0]
    copy_src = next(i for i, line in enumerate(build) if re.match(r"COPY\s+src\b", line))
    installs = [i for i, line in enumerate(build) if line.startswith("RUN") and "pip install" in line]
    assert installs and installs[0] < copy_src, "a change under src/ must not reinstall every dependency"
    assert any(i > copy_src and "--no-deps" in build[i] for i in installs), "the code itself goes in without deps"


def test_the_image_has_a_cjk_font_the_digest_chart_uses() -> None:
    runtime = " ".join(stages()[-1])
    installed = [package for package in CJK_FONT_PACKAGES if re.search(rf"apt-get install[^&]*\b{package}\b", runtime)]
    assert installed, "the Chinese digest chart would fall back to English labels"
    assert any(CJK_FONT_PACKAGES[package] in _CJK_FONTS for package in installed)


def test_learned_faq_entries_live_in_the_volume() -> None:
    volumes = re.findall(r'VOLUME\s+\["?([^"\]]+)"?\]', DOCKERFILE)
    learned = environment().get("GROUPBOT_LEARNED_FAQ_DIR", "")
    database = environment().get("GROUPBOT_DATABASE_URL", "")
    assert any(learned.startswith(volume) for volume in volumes), (learned, volumes)
    assert any(volume in database for volume in volumes)


def test_no_platform_configured_means_a_clear_message_and_a_non_zero_exit(tmp_path: Path) -> None:
    """The image's environment, in a folder laid out like /app, with stdin closed as `docker run` has it."""
    app = tmp_path / "app"
    app.mkdir()
    for line in stages()[-1]:
        copied = re.match(r"COPY\s+(?!--from)(\S+?)\*?\s+\./(\S*)", line)
        if copied and (ROOT / copied.group(1)).is_dir():
            subprocess.run(["cp", "-r", str(ROOT / copied.group(1)), str(app / copied.group(2))], check=True)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GROUPBOT_")}
    environ.update({k: v.replace("/app/", f"{app}/") for k, v in environment().items() if k.startswith("GROUPBOT_")})
    environ["PYTHONPATH"] = str(ROOT / "src")
    environ["GROUPBOT_WEB__PORT"] = "0"

    try:
        result = subprocess.run([sys.executable, "-m", "groupbot", "run"], cwd=app, env=environ,
                                stdin=subprocess.DEVNULL, capture_output=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("with nothing configured the container sat there, saying nothing")
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "GROUPBOT_TELEGRAM__TOKEN" in err and "GROUPBOT_ONEBOT__ENABLED" in err and "Traceback" not in err
