"""Local fakes of the hosted forges' REST APIs (GitHub, GitLab) for the bot's tests.

Each fake is a real HTTP server on a loopback port. It checks every request
against the documented shape (method, path, auth header, Accept and API
version, JSON body keys and types) and answers with the documented payloads,
including the documented errors. A request it does not recognise is a test
failure (``problems``), not a silent 404. ``log`` keeps every request with
its time, so tests can assert that a run only read, and how far apart the
writes were. ``fail_next`` makes the next matching requests answer an error.

Shapes: GitHub REST API 2022-11-28 (docs.github.com/rest: pulls, issues
labels and comments, requested reviewers, errors and rate limits); GitLab REST
API v4 (docs.gitlab.com/api: projects, merge_requests, notes, users,
pagination headers, errors).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

TOKEN = "ghp_secret_token_value_0123456789"
REPO = "acme/demo"


@dataclass
class Request:
    time: float
    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int = 0


@dataclass
class Fault:
    method: str
    path: str  # regular expression matched against the whole path
    status: int
    payload: Any
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1


class Reply(Exception):
    def __init__(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self.status, self.payload, self.headers = status, payload, headers or {}


class FakeForge:
    """The HTTP plumbing; subclasses route."""

    def __init__(self) -> None:
        self.log: list[Request] = []
        self.problems: list[str] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        self.url = ""

    # -- for tests
    def fail_next(
        self,
        method: str,
        path: str,
        status: int,
        payload: Any,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        self.faults.append(Fault(method, path, status, payload, headers or {}, times))

    def writes(self) -> list[Request]:
        return [r for r in self.log if r.method != "GET"]

    def problem(self, text: str) -> None:
        self.problems.append(text)

    # -- HTTP
    def handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(h.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        body: Any = None
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        with self.lock:
            req = Request(time.monotonic(), method, parts.path, query, None)
            self.log.append(req)
            try:
                if raw:
                    if h.headers.get("Content-Type", "").split(";")[0] != "application/json":
                        self.problem(f"{method} {parts.path}: body without application/json")
                    body = json.loads(raw)
                    req.body = body
                elif method in ("POST", "PATCH", "PUT"):
                    self.problem(f"{method} {parts.path}: no JSON body")
                self.check_headers(h, method, parts.path)
                for fault in self.faults:
                    if (
                        fault.times
                        and fault.method == method
                        and re.fullmatch(fault.path, parts.path)
                    ):
                        fault.times -= 1
                        raise Reply(fault.status, fault.payload, fault.headers)
                self.route(method, parts.path, query, body)
                raise Reply(500, {"message": "route returned nothing"})
            except Reply as r:
                req.status = r.status
                reply = r
        self.send(h, reply)

    def send(self, h: BaseHTTPRequestHandler, r: Reply) -> None:
        raw = b"" if r.status == 204 else json.dumps(r.payload).encode()
        h.send_response(r.status)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(raw)))
        for k, v in r.headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(raw)

    def check_headers(self, h: BaseHTTPRequestHandler, method: str, path: str) -> None:
        raise NotImplementedError

    def route(self, method: str, path: str, query: dict[str, str], body: Any) -> None:
        raise NotImplementedError

    def page(
        self, items: list[Any], query: dict[str, str], path: str, per_key: str, cap: int
    ) -> tuple[list[Any], dict[str, str]]:
        """One page of `items` and its Link header (rel="next" / "last")."""
        per = min(int(query.get(per_key, "30")), cap)
        page = int(query.get("page", "1"))
        chunk = items[(page - 1) * per : page * per]
        last = max(1, -(-len(items) // per))
        links = []
        for rel, n in (("next", page + 1), ("last", last)):
            if n <= last and (rel == "last" or n > page):
                q = urlencode({**query, "page": str(n), per_key: str(per)})
                links.append(f'<{self.url}{path}?{q}>; rel="{rel}"')
        headers = {"Link": ", ".join(links)} if links else {}
        headers.update(
            {
                "X-Page": str(page),
                "X-Per-Page": str(per),
                "X-Total": str(len(items)),
                "X-Total-Pages": str(last),
                "X-Next-Page": str(page + 1) if page < last else "",
            }
        )
        return chunk, headers

    def need(
        self, body: Any, path: str, required: dict[str, type], optional: dict[str, type]
    ) -> None:
        """The JSON body has the required keys, and no key beyond the documented ones,
        each of the documented type."""
        if not isinstance(body, dict):
            self.problem(f"{path}: body is not an object: {body!r}")
            return
        for key, kind in {**required, **optional}.items():
            if key in required and key not in body:
                self.problem(f"{path}: missing {key}")
            if key in body and not isinstance(body[key], kind):
                self.problem(f"{path}: {key} is {type(body[key]).__name__}, not {kind.__name__}")
        for key in set(body) - set(required) - set(optional):
            self.problem(f"{path}: undocumented key {key}")


class FakeGitHub(FakeForge):
    """api.github.com: repos, pulls, issues (labels, comments), requested reviewers."""

    DOCS = "https://docs.github.com/rest"

    def __init__(self, token: str = TOKEN, repo: str = REPO) -> None:
        super().__init__()
        self.token, self.repo = token, repo
        self.pulls: list[dict[str, Any]] = []
        self.comments: dict[int, list[str]] = {}
        self.collaborators = {"alice", "bob"}
        self.per_page_cap = 100

    def error(self, status: int, message: str, **extra: Any) -> Reply:
        return Reply(
            status,
            {"message": message, "documentation_url": self.DOCS, "status": str(status), **extra},
        )

    def check_headers(self, h: BaseHTTPRequestHandler, method: str, path: str) -> None:
        if not h.headers.get("User-Agent"):
            self.problem(f"{method} {path}: no User-Agent (GitHub refuses such requests)")
        if h.headers.get("Accept") != "application/vnd.github+json":
            self.problem(f"{method} {path}: Accept {h.headers.get('Accept')!r}")
        if h.headers.get("X-GitHub-Api-Version") != "2022-11-28":
            self.problem(f"{method} {path}: X-GitHub-Api-Version")
        if h.headers.get("Authorization") not in (f"Bearer {self.token}", f"token {self.token}"):
            raise self.error(401, "Bad credentials")

    def pull(self, n: int) -> dict[str, Any]:
        for pr in self.pulls:
            if pr["number"] == n:
                return pr
        raise self.error(404, "Not Found")

    def route(self, method: str, path: str, query: dict[str, str], body: Any) -> None:
        base = f"/repos/{self.repo}"
        if not path.startswith(base):
            raise self.error(404, "Not Found")
        rest = path[len(base) :]
        if (method, rest) == ("GET", ""):
            raise Reply(200, {"full_name": self.repo, "default_branch": "main", "private": False})
        if (method, rest) == ("GET", "/pulls"):
            state = query.get("state", "open")
            if state not in ("open", "closed", "all"):
                raise self.error(422, "Validation Failed")
            head = query.get("head")
            got = [
                p
                for p in self.pulls
                if state in ("all", p["state"]) and head in (None, p["head"]["label"])
            ]
            items, headers = self.page(got, query, path, "per_page", self.per_page_cap)
            raise Reply(200, items, {"Link": headers["Link"]} if "Link" in headers else {})
        if (method, rest) == ("POST", "/pulls"):
            self.need(
                body,
                path,
                {"title": str, "head": str, "base": str},
                {"body": str, "draft": bool, "maintainer_can_modify": bool},
            )
            label = f"{self.repo.split('/')[0]}:{body['head']}"
            if any(p["head"]["label"] == label and p["state"] == "open" for p in self.pulls):
                raise self.error(
                    422,
                    "Validation Failed",
                    errors=[
                        {
                            "resource": "PullRequest",
                            "code": "custom",
                            "message": f"A pull request already exists for {label}.",
                        }
                    ],
                )
            n = len(self.pulls) + 1
            pr = {
                "url": f"{self.url}{base}/pulls/{n}",
                "html_url": f"https://github.com/{self.repo}/pull/{n}",
                "number": n,
                "state": "open",
                "title": body["title"],
                "body": body.get("body"),
                "draft": body.get("draft", False),
                "merged_at": None,
                "labels": [],
                "requested_reviewers": [],
                "requested_teams": [],
                "head": {"ref": body["head"], "label": label},
                "base": {"ref": body["base"], "label": f"acme:{body['base']}"},
                "user": {"login": "gofixmap[bot]"},
            }
            self.pulls.append(pr)
            raise Reply(201, pr)
        m = re.fullmatch(r"/pulls/(\d+)", rest)
        if m and method == "GET":
            raise Reply(200, self.pull(int(m.group(1))))
        if m and method == "PATCH":
            pr = self.pull(int(m.group(1)))
            self.need(
                body,
                path,
                {},
                {
                    "title": str,
                    "body": str,
                    "state": str,
                    "base": str,
                    "maintainer_can_modify": bool,
                },
            )
            pr.update({k: body[k] for k in ("title", "body", "state") if k in body})
            raise Reply(200, pr)
        m = re.fullmatch(r"/pulls/(\d+)/requested_reviewers", rest)
        if m and method == "POST":
            pr = self.pull(int(m.group(1)))
            self.need(body, path, {}, {"reviewers": list, "team_reviewers": list})
            if not set(body.get("reviewers", [])) <= self.collaborators:
                raise self.error(
                    422,
                    "Reviews may only be requested from collaborators. One or more of the users"
                    f" or teams you specified is not a collaborator of the {self.repo} repository.",
                )
            pr["requested_reviewers"] += [{"login": x} for x in body.get("reviewers", [])]
            pr["requested_teams"] += [{"slug": x} for x in body.get("team_reviewers", [])]
            raise Reply(201, pr)
        m = re.fullmatch(r"/issues/(\d+)/labels", rest)
        if m and method == "POST":
            pr = self.pull(int(m.group(1)))
            self.need(body, path, {"labels": list}, {})
            for name in body["labels"]:
                if name not in [x["name"] for x in pr["labels"]]:
                    pr["labels"].append(
                        {
                            "id": len(pr["labels"]) + 1,
                            "name": name,
                            "color": "ededed",
                            "default": False,
                        }
                    )
            raise Reply(200, pr["labels"])
        m = re.fullmatch(r"/issues/(\d+)/comments", rest)
        if m and method == "GET":
            n = int(m.group(1))
            self.pull(n)
            items, headers = self.page(
                [{"id": i + 1, "body": b} for i, b in enumerate(self.comments.get(n, []))],
                query,
                path,
                "per_page",
                self.per_page_cap,
            )
            raise Reply(200, items, {"Link": headers["Link"]} if "Link" in headers else {})
        if m and method == "POST":
            n = int(m.group(1))
            self.pull(n)
            self.need(body, path, {"body": str}, {})
            self.comments.setdefault(n, []).append(body["body"])
            raise Reply(201, {"id": len(self.comments[n]), "body": body["body"]})
        self.problem(f"undocumented call {method} {path}")
        raise self.error(404, "Not Found")


class FakeGitLab(FakeForge):
    """gitlab.com/api/v4: projects, merge_requests, notes, users."""

    def __init__(self, token: str = TOKEN, repo: str = REPO) -> None:
        super().__init__()
        self.token, self.repo = token, repo
        self.mrs: list[dict[str, Any]] = []
        self.notes: dict[int, list[dict[str, Any]]] = {}
        self.users = {"alice": 7, "bob": 8}
        self.per_page_cap = 100

    def check_headers(self, h: BaseHTTPRequestHandler, method: str, path: str) -> None:
        auth = (h.headers.get("PRIVATE-TOKEN"), h.headers.get("Authorization"))
        if auth not in ((self.token, None), (None, f"Bearer {self.token}")):
            raise Reply(401, {"message": "401 Unauthorized"})

    def mr(self, iid: int) -> dict[str, Any]:
        for mr in self.mrs:
            if mr["iid"] == iid:
                return mr
        raise Reply(404, {"message": "404 Not found"})

    def route(self, method: str, path: str, query: dict[str, str], body: Any) -> None:
        if not path.startswith("/api/v4/"):
            self.problem(f"not under /api/v4: {method} {path}")
            raise Reply(404, {"error": "404 Not Found"})
        if (method, path) == ("GET", "/api/v4/users"):
            name = query.get("username")
            got = [
                {"id": i, "username": u, "name": u.title(), "state": "active"}
                for u, i in self.users.items()
                if u == name
            ]
            raise Reply(200, got)
        project = "/api/v4/projects/" + quote(self.repo, safe="")
        if not path.startswith(project):
            raise Reply(404, {"message": "404 Project Not Found"})
        rest = path[len(project) :]
        if (method, rest) == ("GET", ""):
            raise Reply(
                200,
                {
                    "id": 42,
                    "path_with_namespace": self.repo,
                    "default_branch": "main",
                    "web_url": f"https://gitlab.com/{self.repo}",
                },
            )
        if (method, rest) == ("GET", "/merge_requests"):
            state = query.get("state", "all")
            if state not in ("opened", "closed", "locked", "merged", "all"):
                raise Reply(400, {"error": "state does not have a valid value"})
            src = query.get("source_branch")
            got = [
                m
                for m in self.mrs
                if state in ("all", m["state"]) and src in (None, m["source_branch"])
            ]
            items, headers = self.page(got, query, path, "per_page", self.per_page_cap)
            raise Reply(200, items, headers)
        if (method, rest) == ("POST", "/merge_requests"):
            self.need(
                body,
                path,
                {"source_branch": str, "target_branch": str, "title": str},
                {
                    "description": str,
                    "labels": str,
                    "reviewer_ids": list,
                    "remove_source_branch": bool,
                },
            )
            for m in self.mrs:
                if m["source_branch"] == body["source_branch"] and m["state"] == "opened":
                    raise Reply(
                        409,
                        {
                            "message": [
                                "Another open merge request already exists for this"
                                f" source branch: !{m['iid']}"
                            ]
                        },
                    )
            ids = body.get("reviewer_ids", [])
            if not all(isinstance(i, int) for i in ids):
                self.problem(f"reviewer_ids must be user ids: {ids}")
            by_id = {i: u for u, i in self.users.items()}
            iid = len(self.mrs) + 1
            mr = {
                "id": 1000 + iid,
                "iid": iid,
                "project_id": 42,
                "title": body["title"],
                "description": body.get("description", ""),
                "state": "opened",
                "draft": body["title"].startswith(("Draft:", "[Draft]", "(Draft)")),
                "source_branch": body["source_branch"],
                "target_branch": body["target_branch"],
                "labels": [x for x in body.get("labels", "").split(",") if x],
                "reviewers": [{"id": i, "username": by_id[i]} for i in ids if i in by_id],
                "merged_at": None,
                "web_url": f"https://gitlab.com/{self.repo}/-/merge_requests/{iid}",
            }
            self.mrs.append(mr)
            raise Reply(201, mr)
        m = re.fullmatch(r"/merge_requests/(\d+)", rest)
        if m and method == "PUT":
            mr = self.mr(int(m.group(1)))
            self.need(
                body,
                path,
                {},
                {
                    "title": str,
                    "description": str,
                    "add_labels": str,
                    "remove_labels": str,
                    "labels": str,
                    "reviewer_ids": list,
                    "state_event": str,
                    "target_branch": str,
                },
            )
            if not body:
                raise Reply(
                    400,
                    {
                        "error": "title, description, ... are missing,"
                        " at least one parameter must be provided"
                    },
                )
            mr.update({k: body[k] for k in ("title", "description") if k in body})
            for x in body.get("add_labels", "").split(","):
                if x and x not in mr["labels"]:
                    mr["labels"].append(x)
            raise Reply(200, mr)
        m = re.fullmatch(r"/merge_requests/(\d+)/notes", rest)
        if m and method == "GET":
            iid = int(m.group(1))
            self.mr(iid)
            items, headers = self.page(
                self.notes.get(iid, []), query, path, "per_page", self.per_page_cap
            )
            raise Reply(200, items, headers)
        if m and method == "POST":
            iid = int(m.group(1))
            self.mr(iid)
            self.need(body, path, {"body": str}, {"internal": bool})
            note = {
                "id": 500 + len(self.notes.get(iid, [])),
                "body": body["body"],
                "system": False,
                "author": {"username": "bot"},
            }
            self.notes.setdefault(iid, []).append(note)
            raise Reply(201, note)
        self.problem(f"undocumented call {method} {path}")
        raise Reply(404, {"error": "404 Not Found"})


@contextmanager
def serve(fake: FakeForge) -> Iterator[str]:
    """Run `fake` on a loopback port; its base URL. Fails the test on any problem."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.handle(self, "GET")

        def do_POST(self) -> None:
            fake.handle(self, "POST")

        def do_PATCH(self) -> None:
            fake.handle(self, "PATCH")

        def do_PUT(self) -> None:
            fake.handle(self, "PUT")

        def do_DELETE(self) -> None:
            fake.handle(self, "DELETE")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake.url
    finally:
        server.shutdown()
        server.server_close()
    assert fake.problems == [], fake.problems
