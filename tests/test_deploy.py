"""Hosting files: Streamlit's settings for a public app, and a Dockerfile whose command and
health check serve the app on the port it is given (the image itself is not built here)."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from streamlit import config as streamlit_config

from tests.browser.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
STARTUP_SECONDS = 60


def config_options():
    """{"section.option": value} from .streamlit/config.toml."""
    table = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    return {f"{section}.{name}": value for section, options in table.items()
            for name, value in options.items()}


def instructions(name):
    """The arguments of every Dockerfile instruction ``name`` (continuation lines joined)."""
    text = DOCKERFILE.replace("\\\n", " ")
    return [m.group(1).strip() for m in re.finditer(rf"^{name}\s+(.*)$", text, re.M)]


def test_a_visitor_sees_no_error_details_and_cannot_upload():
    options = config_options()
    assert options["client.showErrorDetails"] == "none"
    assert options["server.enableXsrfProtection"] is True
    assert options["server.maxUploadSize"] == 0
    assert options["theme.primaryColor"] == "#e66101"


def test_a_served_app_does_not_reload_its_modules():
    # a file changed under a running server would unload every module a visitor's page imports
    assert config_options()["server.fileWatcherType"] == "none"


def test_every_setting_is_one_streamlit_knows():
    for name in config_options():
        streamlit_config.get_option(name)  # an unknown name raises instead of doing nothing


def test_the_image_installs_requirements_txt_and_nothing_else():
    [base] = instructions("FROM")
    assert re.fullmatch(r"python:3\.1[1-9]-slim", base)
    runs = instructions("RUN")
    installs = [r for r in runs if "install" in r]
    assert installs == ["pip install -r requirements.txt"]
    assert not any("apt" in r or "curl" in r or "wget" in r for r in runs)
    # the requirements are copied (and installed) before the code, so code changes reuse the layer
    assert DOCKERFILE.index("COPY requirements.txt") < DOCKERFILE.index("pip install")
    assert DOCKERFILE.index("pip install") < DOCKERFILE.index("COPY --chown=app:app . .")


def test_the_build_context_keeps_the_app_and_leaves_out_the_rest():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    for needed in ("app.py", "pages", "ui", "lessons", "viz", "engine", ".streamlit",
                   "requirements.txt"):
        assert needed not in ignored
    assert {"tests", "bench", ".git", "requirements-dev.txt"} <= ignored


def test_the_command_serves_the_app_where_the_health_check_looks():
    [cmd] = instructions("CMD")
    shell, flag, script = json.loads(cmd)
    [check] = instructions("HEALTHCHECK")
    probe = check.split(" CMD ", 1)[1]
    assert "/_stcore/health" in probe
    assert re.search(r"ENV .*PORT=8501", DOCKERFILE.replace("\\\n", " "))
    assert instructions("EXPOSE") == ["8501"]

    port = str(free_port())
    # the image's python and streamlit are this interpreter's
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PORT": port, "PATH": path}
    probe = probe.replace("python ", f"{sys.executable} ", 1)
    server = subprocess.Popen([shell, flag, script], cwd=ROOT, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while subprocess.run(probe, shell=True, env=env, capture_output=True).returncode != 0:
            assert server.poll() is None, "the command exited"
            if time.monotonic() > deadline:
                pytest.fail("the health check never passed")
            time.sleep(0.5)
        other = {**env, "PORT": str(free_port())}  # the check follows PORT: elsewhere it fails
        assert subprocess.run(probe, shell=True, env=other, capture_output=True).returncode != 0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(STARTUP_SECONDS)
