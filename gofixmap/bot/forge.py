"""Forges behind one small interface: GitHub, Gitea and GitLab REST APIs.

Only the handful of calls the bot needs, over the standard library's HTTP
client. Tokens travel in an Authorization header and never appear in an error.
Every call is recorded in ``calls`` (method and path) so that a dry run can
show the plan and tests can check that a second run only reads.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

USER_AGENT = "gofixmap-bot"
MUTATING = frozenset({"POST", "PATCH", "PUT", "DELETE"})


class ForgeError(Exception):
    """One clear line: what failed and why (never the token)."""


@dataclass(frozen=True)
class PullRequest:
    number: int
    url: str
    state: str  # open | closed | merged
    head: str
    body: str


@dataclass
class Call:
    method: str
    path: str
    body: Any = None


class Forge(Protocol):
    calls: list[Call]

    def default_branch(self) -> str: ...
    def pulls_for_branch(self, branch: str) -> list[PullRequest]: ...
    def count_open_with_prefix(self, prefix: str) -> int: ...
    def create_pull(
        self, title: str, body: str, head: str, base: str, draft: bool
    ) -> PullRequest: ...
    def update_pull(self, pr: PullRequest, title: str, body: str) -> PullRequest: ...
    def add_labels(self, pr: PullRequest, labels: list[str]) -> None: ...
    def comment(self, pr: PullRequest, text: str) -> None: ...


@dataclass
class Http:
    """JSON over HTTP with rate-limit politeness (Retry-After, X-RateLimit-Reset)."""

    base: str
    headers: dict[str, str]
    max_wait: float = 600.0
    min_interval: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    calls: list[Call] = field(default_factory=list)
    _last_write: float = 0.0

    def request(
        self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None
    ) -> tuple[int, Any, dict[str, str]]:
        url = self.base.rstrip("/") + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        self.calls.append(Call(method, path, body))
        waited = 0.0
        while True:
            if method in MUTATING:
                gap = self.clock() - self._last_write
                if self._last_write and gap < self.min_interval:
                    self.sleep(self.min_interval - gap)
                self._last_write = self.clock()
            data = None if body is None else json.dumps(body).encode()
            req = urllib.request.Request(url, data=data, method=method)
            for key, value in self.headers.items():
                req.add_header(key, value)
            req.add_header("User-Agent", USER_AGENT)
            if data is not None:
                req.add_header("Content-Type", "application/json")
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    raw = resp.read()
                    return resp.status, json.loads(raw) if raw else None, dict(resp.headers)
            except urllib.error.HTTPError as exc:
                raw = exc.read()
                headers = dict(exc.headers)
                try:
                    payload = json.loads(raw) if raw else None
                except ValueError:
                    payload = raw.decode(errors="replace")
                delay = self._rate_delay(exc.code, headers, payload)
                if delay is None:
                    return exc.code, payload, headers
                if waited + delay > self.max_wait:
                    reset = time.strftime("%H:%M:%S UTC", time.gmtime(self.clock() + delay))
                    raise ForgeError(f"{method} {path}: rate limited until {reset}") from None
                self.sleep(delay)
                waited += delay
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise ForgeError(f"{method} {self.base}{path}: {reason}") from None

    def _rate_delay(self, code: int, headers: dict[str, str], payload: Any) -> float | None:
        if code not in (403, 429):
            return None
        h = {k.lower(): v for k, v in headers.items()}
        if "retry-after" in h:
            try:
                return max(1.0, float(h["retry-after"]))
            except ValueError:
                return 60.0
        if h.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in h:
            try:
                return max(1.0, float(h["x-ratelimit-reset"]) - self.clock())
            except ValueError:
                return 60.0
        message = str(payload.get("message", "") if isinstance(payload, dict) else payload)
        if "secondary rate limit" in message.lower():
            return 60.0
        return None

    def ok(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: dict[str, str] | None = None,
        accept: tuple[int, ...] = (200, 201),
    ) -> Any:
        code, payload, _ = self.request(method, path, body, query)
        if code in accept:
            return payload
        message = payload.get("message") if isinstance(payload, dict) else payload
        if code == 401:
            raise ForgeError(f"{method} {path}: 401 bad credentials (check the token)")
        if code == 404:
            raise ForgeError(
                f"{method} {path}: 404 not found (unknown repository, or the token cannot see it)"
            )
        raise ForgeError(f"{method} {path}: {code} {message}")


class GitHub:
    def __init__(
        self, repo: str, token: str, api_url: str = "https://api.github.com", **http: Any
    ) -> None:
        self.repo = repo
        self.http = Http(
            api_url,
            {
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
            },
            **http,
        )
        self.calls = self.http.calls

    def _pr(self, d: dict[str, Any]) -> PullRequest:
        state = "merged" if d.get("merged_at") else str(d["state"])
        return PullRequest(
            int(d["number"]),
            str(d["html_url"]),
            state,
            str(d["head"]["ref"]),
            str(d.get("body") or ""),
        )

    def default_branch(self) -> str:
        return str(self.http.ok("GET", f"/repos/{self.repo}")["default_branch"])

    def pulls_for_branch(self, branch: str) -> list[PullRequest]:
        owner = self.repo.split("/")[0]
        got = self.http.ok(
            "GET",
            f"/repos/{self.repo}/pulls",
            query={"state": "all", "head": f"{owner}:{branch}", "per_page": "100"},
        )
        return [self._pr(d) for d in got]

    def count_open_with_prefix(self, prefix: str) -> int:
        got = self.http.ok(
            "GET", f"/repos/{self.repo}/pulls", query={"state": "open", "per_page": "100"}
        )
        return sum(1 for d in got if str(d["head"]["ref"]).startswith(prefix))

    def create_pull(self, title: str, body: str, head: str, base: str, draft: bool) -> PullRequest:
        code, payload, _ = self.http.request(
            "POST",
            f"/repos/{self.repo}/pulls",
            {"title": title, "body": body, "head": head, "base": base, "draft": draft},
        )
        if code == 201:
            return self._pr(payload)
        if code == 422 and "already exists" in json.dumps(payload):
            for pr in self.pulls_for_branch(head):
                if pr.state == "open":
                    return self.update_pull(pr, title, body)
        message = payload.get("message") if isinstance(payload, dict) else payload
        raise ForgeError(f"POST /repos/{self.repo}/pulls: {code} {message}")

    def update_pull(self, pr: PullRequest, title: str, body: str) -> PullRequest:
        return self._pr(
            self.http.ok(
                "PATCH", f"/repos/{self.repo}/pulls/{pr.number}", {"title": title, "body": body}
            )
        )

    def add_labels(self, pr: PullRequest, labels: list[str]) -> None:
        if labels:
            self.http.ok(
                "POST", f"/repos/{self.repo}/issues/{pr.number}/labels", {"labels": labels}
            )

    def comment(self, pr: PullRequest, text: str) -> None:
        self.http.ok("POST", f"/repos/{self.repo}/issues/{pr.number}/comments", {"body": text})


class Gitea:
    def __init__(self, repo: str, token: str, api_url: str, **http: Any) -> None:
        self.repo = repo
        self.http = Http(
            api_url.rstrip("/") + "/api/v1",
            {"Authorization": f"token {token}", "Accept": "application/json"},
            **http,
        )
        self.calls = self.http.calls

    def _pr(self, d: dict[str, Any]) -> PullRequest:
        state = "merged" if d.get("merged") else str(d["state"])
        return PullRequest(
            int(d["number"]),
            str(d["html_url"]),
            state,
            str(d["head"]["ref"]),
            str(d.get("body") or ""),
        )

    def default_branch(self) -> str:
        return str(self.http.ok("GET", f"/repos/{self.repo}")["default_branch"])

    def _all(self, state: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        page = 1
        while True:
            got = self.http.ok(
                "GET",
                f"/repos/{self.repo}/pulls",
                query={"state": state, "limit": "50", "page": str(page)},
            )
            out.extend(got)
            if len(got) < 50:
                return out
            page += 1

    def pulls_for_branch(self, branch: str) -> list[PullRequest]:
        return [self._pr(d) for d in self._all("all") if d["head"]["ref"] == branch]

    def count_open_with_prefix(self, prefix: str) -> int:
        return sum(1 for d in self._all("open") if str(d["head"]["ref"]).startswith(prefix))

    def create_pull(self, title: str, body: str, head: str, base: str, draft: bool) -> PullRequest:
        # Gitea marks a draft by the WIP prefix of the title
        title = f"WIP: {title}" if draft else title
        return self._pr(
            self.http.ok(
                "POST",
                f"/repos/{self.repo}/pulls",
                {"title": title, "body": body, "head": head, "base": base},
            )
        )

    def update_pull(self, pr: PullRequest, title: str, body: str) -> PullRequest:
        return self._pr(
            self.http.ok(
                "PATCH", f"/repos/{self.repo}/pulls/{pr.number}", {"title": title, "body": body}
            )
        )

    def add_labels(self, pr: PullRequest, labels: list[str]) -> None:
        if not labels:
            return
        known = {
            str(d["name"]): int(d["id"])
            for d in self.http.ok("GET", f"/repos/{self.repo}/labels", query={"limit": "50"})
        }
        ids = []
        for name in labels:
            if name not in known:
                known[name] = int(
                    self.http.ok(
                        "POST", f"/repos/{self.repo}/labels", {"name": name, "color": "#e11d21"}
                    )["id"]
                )
            ids.append(known[name])
        self.http.ok("POST", f"/repos/{self.repo}/issues/{pr.number}/labels", {"labels": ids})

    def comment(self, pr: PullRequest, text: str) -> None:
        self.http.ok("POST", f"/repos/{self.repo}/issues/{pr.number}/comments", {"body": text})


class GitLab:
    def __init__(
        self, repo: str, token: str, api_url: str = "https://gitlab.com", **http: Any
    ) -> None:
        self.project = urllib.parse.quote(repo, safe="")
        self.http = Http(
            api_url.rstrip("/") + "/api/v4",
            {"PRIVATE-TOKEN": token, "Accept": "application/json"},
            **http,
        )
        self.calls = self.http.calls

    def _pr(self, d: dict[str, Any]) -> PullRequest:
        state = {"opened": "open", "merged": "merged"}.get(str(d["state"]), "closed")
        return PullRequest(
            int(d["iid"]),
            str(d["web_url"]),
            state,
            str(d["source_branch"]),
            str(d.get("description") or ""),
        )

    def default_branch(self) -> str:
        return str(self.http.ok("GET", f"/projects/{self.project}")["default_branch"])

    def pulls_for_branch(self, branch: str) -> list[PullRequest]:
        got = self.http.ok(
            "GET",
            f"/projects/{self.project}/merge_requests",
            query={"source_branch": branch, "state": "all", "per_page": "100"},
        )
        return [self._pr(d) for d in got]

    def count_open_with_prefix(self, prefix: str) -> int:
        got = self.http.ok(
            "GET",
            f"/projects/{self.project}/merge_requests",
            query={"state": "opened", "per_page": "100"},
        )
        return sum(1 for d in got if str(d["source_branch"]).startswith(prefix))

    def create_pull(self, title: str, body: str, head: str, base: str, draft: bool) -> PullRequest:
        title = f"Draft: {title}" if draft else title
        return self._pr(
            self.http.ok(
                "POST",
                f"/projects/{self.project}/merge_requests",
                {"source_branch": head, "target_branch": base, "title": title, "description": body},
            )
        )

    def update_pull(self, pr: PullRequest, title: str, body: str) -> PullRequest:
        return self._pr(
            self.http.ok(
                "PUT",
                f"/projects/{self.project}/merge_requests/{pr.number}",
                {"title": title, "description": body},
            )
        )

    def add_labels(self, pr: PullRequest, labels: list[str]) -> None:
        if labels:
            self.http.ok(
                "PUT",
                f"/projects/{self.project}/merge_requests/{pr.number}",
                {"add_labels": ",".join(labels)},
            )

    def comment(self, pr: PullRequest, text: str) -> None:
        self.http.ok(
            "POST", f"/projects/{self.project}/merge_requests/{pr.number}/notes", {"body": text}
        )


TOKEN_VARS = {
    "github": ("GITHUB_TOKEN", "GH_TOKEN"),
    "gitea": ("GITEA_TOKEN",),
    "gitlab": ("GITLAB_TOKEN",),
}


def make_forge(kind: str, repo: str, token: str, api_url: str | None, **http: Any) -> Forge:
    if kind == "github":
        return GitHub(repo, token, api_url or "https://api.github.com", **http)
    if kind == "gitlab":
        return GitLab(repo, token, api_url or "https://gitlab.com", **http)
    if kind == "gitea":
        if not api_url:
            raise ForgeError("--forge gitea needs --api-url (the Gitea server's address)")
        return Gitea(repo, token, api_url, **http)
    raise ForgeError(f"unknown forge {kind!r}: github, gitea or gitlab")
