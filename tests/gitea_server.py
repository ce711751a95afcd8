"""A real Gitea server for the bot's end-to-end tests.

The binary is built once per machine by ``.ci/gitea.sh`` into
``~/.cache/gofixmap-ci/gitea-<version>/`` (``gitea`` next to the module source
``src``, whose locale files Gitea reads at start-up). When it is not there the
tests that need it skip with the command that builds it.

Each server gets its own temporary directory, a SQLite database, a loopback
port picked by the OS, an admin user created with the ``gitea admin user
create`` CLI, and an API token created through the API with basic auth.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

GITEA_VERSION = os.environ.get("GITEA_VERSION", "v1.27.3")
CACHE = Path(os.environ.get("GOFIXMAP_CI_CACHE", Path.home() / ".cache" / "gofixmap-ci"))
GITEA_DIR = CACHE / f"gitea-{GITEA_VERSION}"
GITEA_BIN = GITEA_DIR / "gitea"

ADMIN = "gofixmap-admin"


def gitea_binary() -> Path:
    """The cached binary, or skip the calling test with the reason and the cure."""
    if not os.access(GITEA_BIN, os.X_OK):
        pytest.skip(
            f"gitea {GITEA_VERSION} not built at {GITEA_BIN}; run .ci/gitea.sh (about 20 minutes)"
        )
    return GITEA_BIN


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Access:
    """One line of the server's access log."""

    method: str
    path: str
    status: int
    agent: str


@dataclass
class Gitea:
    url: str  # http://127.0.0.1:PORT/
    token: str
    admin: str
    password: str
    access_log: Path

    def requests(self) -> list[Access]:
        """Every request the server has answered, from its access log (written
        asynchronously: read until two reads a moment apart agree)."""
        last: list[str] = []
        for _ in range(50):
            text = self.access_log.read_text() if self.access_log.exists() else ""
            lines = text.splitlines()
            if lines == last:
                break
            last = lines
            time.sleep(0.2)
        out = []
        for line in last:
            method, path, status, agent = [*line.split(" ", 3), "", "", ""][:4]
            out.append(Access(method, path, int(status) if status.isdigit() else 0, agent))
        return out

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """One call of the Gitea REST API as the admin, the JSON answer (None when empty)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + "api/v1" + path, data=data, method=method)
        req.add_header("Authorization", f"token {self.token}")
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def wait_for_branch(self, owner: str, name: str, branch: str) -> None:
        """Gitea records a pushed branch through a queue: wait until the API sees it."""
        deadline = time.monotonic() + 60
        while True:
            try:
                self.api("GET", f"/repos/{owner}/{name}/branches/{branch}")
                return
            except urllib.error.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def clone_url(self, owner: str, name: str) -> str:
        """An HTTP clone URL that carries the admin's credentials (tests only)."""
        host = self.url.removeprefix("http://")
        return f"http://{self.admin}:{self.password}@{host}{owner}/{name}.git"


# method, path, status, user agent: one line per request (Gitea's Go template)
_ACCESS_TEMPLATE = (
    "{{.Ctx.Req.Method}} {{.Ctx.Req.URL.Path}} {{.ResponseWriter.Status}} {{.Ctx.Req.UserAgent}}"
)


def _app_ini(root: Path, port: int) -> str:
    return f"""\
APP_NAME = gofixmap-test
RUN_MODE = prod
RUN_USER = {os.environ.get("USER") or __import__("getpass").getuser()}
WORK_PATH = {root}
I_AM_BEING_UNSAFE_RUNNING_AS_ROOT = true

[database]
DB_TYPE = sqlite3
PATH = {root}/gitea.db

[repository]
ROOT = {root}/repos

[server]
PROTOCOL = http
HTTP_ADDR = 127.0.0.1
HTTP_PORT = {port}
ROOT_URL = http://127.0.0.1:{port}/
APP_DATA_PATH = {root}/data
STATIC_ROOT_PATH = {GITEA_DIR / "src"}
OFFLINE_MODE = true
DISABLE_SSH = true
START_SSH_SERVER = false
LFS_START_SERVER = false

[security]
INSTALL_LOCK = true
SECRET_KEY = {secrets.token_hex(32)}
INTERNAL_TOKEN = {secrets.token_urlsafe(64)}

[oauth2]
ENABLED = false

[service]
DISABLE_REGISTRATION = true

[mailer]
ENABLED = false

[session]
PROVIDER = memory

[cache]
ADAPTER = memory

[cron]
ENABLED = false

[indexer]
ISSUE_INDEXER_TYPE = db
REPO_INDEXER_ENABLED = false

[log]
MODE = file
LEVEL = Warn
ROOT_PATH = {root}/log
logger.access.MODE = access-file
ACCESS_LOG_TEMPLATE = {_ACCESS_TEMPLATE}

[log.access-file]
MODE = file
LEVEL = Info
FLAGS = none
FILE_NAME = access.log
"""


@pytest.fixture(scope="session", name="gitea")
def gitea_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gitea]:
    """Start a real Gitea server; stop it at the end of the session."""
    binary = gitea_binary()
    root = tmp_path_factory.mktemp("gitea")
    port = _free_port()
    ini = root / "app.ini"
    ini.write_text(_app_ini(root, port))
    env = {**os.environ, "GITEA_WORK_DIR": str(root), "HOME": str(root)}
    base = [str(binary), "--config", str(ini), "--work-path", str(root)]

    def run(*args: str) -> None:
        r = subprocess.run([*base, *args], env=env, capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise RuntimeError(f"gitea {args[0]} failed: {r.stdout}{r.stderr}")

    run("migrate")
    password = secrets.token_urlsafe(16)
    run(
        "admin",
        "user",
        "create",
        "--username",
        ADMIN,
        "--password",
        password,
        "--email",
        f"{ADMIN}@example.invalid",
        "--admin",
        "--must-change-password=false",
    )
    log = (root / "web.log").open("w")
    proc = subprocess.Popen([*base, "web"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"gitea web exited {proc.returncode}: {(root / 'web.log').read_text()}"
                )
            try:
                with urllib.request.urlopen(url + "api/v1/version", timeout=5):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError("gitea web did not answer within 120 s") from None
                time.sleep(0.5)
        req = urllib.request.Request(
            url + f"api/v1/users/{ADMIN}/tokens",
            data=json.dumps({"name": "gofixmap-tests", "scopes": ["all"]}).encode(),
            method="POST",
        )
        basic = base64.b64encode(f"{ADMIN}:{password}".encode()).decode()
        req.add_header("Authorization", f"Basic {basic}")
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=30) as resp:
            token = json.loads(resp.read())["sha1"]
        yield Gitea(
            url=url,
            token=token,
            admin=ADMIN,
            password=password,
            access_log=root / "log" / "access.log",
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
