"""Forges behind one small interface: the GitHub, Gitea and GitLab REST APIs.

Only the calls the bot needs: the default branch, the pull requests of a
branch, opening one (with labels and reviewers), updating its title, body and
labels, and comments. Lists are read page by page. In a dry run the writes are
recorded (``calls``) and not sent; a pull request not opened yet has number 0.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any, Protocol

from gofixmap.bot.http import Call, ForgeError, Http, redact

__all__ = ["TOKEN_VARS", "Call", "Forge", "ForgeError", "PullRequest", "make_forge", "redact"]


@dataclass(frozen=True)
class PullRequest:
    number: int  # GitHub/Gitea number, GitLab iid; 0: not opened yet (dry run)
    url: str
    state: str  # open | closed | merged
    head: str
    body: str
    title: str = ""
    labels: tuple[str, ...] = ()


NEW = PullRequest(0, "", "open", "", "")


class Forge(Protocol):
    calls: list[Call]

    def default_branch(self) -> str: ...
    def pulls_for_branch(self, branch: str) -> list[PullRequest]: ...
    def count_open_with_prefix(self, prefix: str) -> int: ...
    def title(self, title: str, draft: bool) -> str: ...
    def create_pull(
        self,
        title: str,
        body: str,
        head: str,
        base: str,
        labels: list[str],
        reviewers: list[str],
        draft: bool,
    ) -> PullRequest: ...
    def update_pull(
        self, pr: PullRequest, title: str, body: str, labels: list[str]
    ) -> PullRequest: ...
    def comments(self, pr: PullRequest) -> list[str]: ...
    def comment(self, pr: PullRequest, text: str) -> None: ...


def _num(pr: PullRequest) -> str:
    return str(pr.number) if pr.number else "{number}"


class _RepoPulls:
    """What GitHub's REST API v3 and Gitea's /api/v1 share: `/repos/{owner}/{name}/pulls`
    and issue comments, read page by page."""

    repo: str
    http: Http
    calls: list[Call]
    merged_key: str  # the pull request field set once it is merged
    page_size: tuple[str, str]  # (query parameter, value)
    exists_status: int  # the status of a POST for a head that already has an open one
    exists_text: str  # ... and what its message says

    def _page(self) -> dict[str, str]:
        return dict([self.page_size])

    def _pr(self, d: Any) -> PullRequest:
        if d is None:
            return NEW
        state = "merged" if d.get(self.merged_key) else str(d["state"])
        return PullRequest(
            int(d["number"]),
            str(d["html_url"]),
            state,
            str(d["head"]["ref"]),
            str(d.get("body") or ""),
            str(d.get("title") or ""),
            tuple(str(x["name"]) for x in d.get("labels") or ()),
        )

    def default_branch(self) -> str:
        return str(self.http.ok("GET", f"/repos/{self.repo}")["default_branch"])

    def _pulls(self, state: str, query: dict[str, str] | None = None) -> list[Any]:
        return self.http.pages(
            f"/repos/{self.repo}/pulls", {"state": state, **(query or {}), **self._page()}
        )

    def count_open_with_prefix(self, prefix: str) -> int:
        return sum(1 for d in self._pulls("open") if str(d["head"]["ref"]).startswith(prefix))

    def _open(
        self, want: dict[str, Any], head: str, title: str, body: str, labels: list[str]
    ) -> tuple[PullRequest, bool]:
        """POST the pull request; (pr, True) when it is new, (the open one updated, False)
        when another run opened one for `head` meanwhile: never a duplicate."""
        path = f"/repos/{self.repo}/pulls"
        code, payload, _ = self.http.request("POST", path, want)
        if code == self.exists_status and self.exists_text in str(payload):
            for pr in self.pulls_for_branch(head):
                if pr.state == "open":
                    return self.update_pull(pr, title, body, labels), False
        if code not in (0, 201):
            raise self.http.status_error("POST", path, code, payload)
        return self._pr(payload), True

    def pulls_for_branch(self, branch: str) -> list[PullRequest]:
        raise NotImplementedError

    def _add_labels(self, pr: PullRequest, labels: list[str]) -> None:
        raise NotImplementedError

    def update_pull(self, pr: PullRequest, title: str, body: str, labels: list[str]) -> PullRequest:
        if (pr.title, pr.body) != (title, body):
            got = self.http.ok(
                "PATCH", f"/repos/{self.repo}/pulls/{pr.number}", {"title": title, "body": body}
            )
            pr = self._pr(got) if got else pr
        self._add_labels(pr, labels)
        return pr

    def comments(self, pr: PullRequest) -> list[str]:
        got = self.http.pages(f"/repos/{self.repo}/issues/{pr.number}/comments", self._page())
        return [str(c.get("body") or "") for c in got]

    def comment(self, pr: PullRequest, text: str) -> None:
        self.http.ok("POST", f"/repos/{self.repo}/issues/{_num(pr)}/comments", {"body": text})


class GitHub(_RepoPulls):
    """REST API v3 (`X-GitHub-Api-Version: 2022-11-28`), token as a Bearer header."""

    merged_key = "merged_at"
    page_size = ("per_page", "100")
    exists_status = 422
    exists_text = "already exists"

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
            secret=token,
            **http,
        )
        self.calls = self.http.calls

    def pulls_for_branch(self, branch: str) -> list[PullRequest]:
        owner = self.repo.split("/")[0]
        got = self._pulls("all", {"head": f"{owner}:{branch}"})
        return [self._pr(d) for d in got if d["head"]["ref"] == branch]

    def title(self, title: str, draft: bool) -> str:
        return title  # a draft is a field of the pull request

    def create_pull(
        self,
        title: str,
        body: str,
        head: str,
        base: str,
        labels: list[str],
        reviewers: list[str],
        draft: bool,
    ) -> PullRequest:
        want = {"title": title, "body": body, "head": head, "base": base, "draft": draft}
        pr, new = self._open(want, head, title, body, labels)
        if not new:
            return pr
        self._add_labels(pr, labels)
        users = [r for r in reviewers if "/" not in r]
        teams = [r.split("/", 1)[1] for r in reviewers if "/" in r]  # org/team-slug
        if users or teams:
            self.http.ok(
                "POST",
                f"/repos/{self.repo}/pulls/{_num(pr)}/requested_reviewers",
                {"reviewers": users, "team_reviewers": teams},
            )
        return pr

    def _add_labels(self, pr: PullRequest, labels: list[str]) -> None:
        missing = [x for x in labels if x not in pr.labels]
        if missing:  # GitHub takes label names (and makes the ones it lacks)
            self.http.ok(
                "POST", f"/repos/{self.repo}/issues/{_num(pr)}/labels", {"labels": missing}
            )


class Gitea(_RepoPulls):
    """Gitea's /api/v1, token in `Authorization: token …`."""

    merged_key = "merged"
    page_size = ("limit", "50")
    exists_status = 409  # "pull request already exists for these targets"
    exists_text = ""

    def __init__(self, repo: str, token: str, api_url: str, **http: Any) -> None:
        self.repo = repo
        self.http = Http(
            api_url.rstrip("/") + "/api/v1",
            {"Authorization": f"token {token}", "Accept": "application/json"},
            secret=token,
            **http,
        )
        self.calls = self.http.calls

    def pulls_for_branch(self, branch: str) -> list[PullRequest]:
        return [self._pr(d) for d in self._pulls("all") if d["head"]["ref"] == branch]

    def title(self, title: str, draft: bool) -> str:
        return f"WIP: {title}" if draft else title  # Gitea marks a draft by the title

    def create_pull(
        self,
        title: str,
        body: str,
        head: str,
        base: str,
        labels: list[str],
        reviewers: list[str],
        draft: bool,
    ) -> PullRequest:
        # a draft is marked by the title (`title`)
        want = {"title": title, "body": body, "head": head, "base": base}
        pr, new = self._open(want, head, title, body, labels)
        if not new:
            return pr
        self._add_labels(pr, labels)
        if reviewers:
            self.http.ok(
                "POST",
                f"/repos/{self.repo}/pulls/{_num(pr)}/requested_reviewers",
                {"reviewers": reviewers},
            )
        return pr

    def _add_labels(self, pr: PullRequest, labels: list[str]) -> None:
        missing = [x for x in labels if x not in pr.labels]
        if not missing:
            return
        # Gitea takes label ids: look the names up, make the ones the repository lacks
        known = {
            str(d["name"]): int(d["id"])
            for d in self.http.pages(f"/repos/{self.repo}/labels", self._page())
        }
        for name in missing:
            if name not in known:
                made = self.http.ok(
                    "POST", f"/repos/{self.repo}/labels", {"name": name, "color": "#e11d21"}
                )
                known[name] = int(made["id"]) if made else 0
        self.http.ok(
            "POST",
            f"/repos/{self.repo}/issues/{_num(pr)}/labels",
            {"labels": [known[x] for x in missing]},
        )


class GitLab:
    """GitLab's /api/v4 merge requests, token in the `PRIVATE-TOKEN` header."""

    def __init__(
        self, repo: str, token: str, api_url: str = "https://gitlab.com", **http: Any
    ) -> None:
        self.project = urllib.parse.quote(repo, safe="")
        self.http = Http(
            api_url.rstrip("/") + "/api/v4",
            {"PRIVATE-TOKEN": token, "Accept": "application/json"},
            secret=token,
            **http,
        )
        self.calls = self.http.calls

    def _pr(self, d: Any) -> PullRequest:
        if d is None:
            return NEW
        state = {"opened": "open", "merged": "merged"}.get(str(d["state"]), "closed")
        return PullRequest(
            int(d["iid"]),
            str(d["web_url"]),
            state,
            str(d["source_branch"]),
            str(d.get("description") or ""),
            str(d.get("title") or ""),
            tuple(str(x) for x in d.get("labels") or ()),
        )

    def default_branch(self) -> str:
        return str(self.http.ok("GET", f"/projects/{self.project}")["default_branch"])

    def pulls_for_branch(self, branch: str) -> list[PullRequest]:
        got = self.http.pages(
            f"/projects/{self.project}/merge_requests",
            {"source_branch": branch, "state": "all", "per_page": "100"},
        )
        return [self._pr(d) for d in got if d["source_branch"] == branch]

    def count_open_with_prefix(self, prefix: str) -> int:
        got = self.http.pages(
            f"/projects/{self.project}/merge_requests", {"state": "opened", "per_page": "100"}
        )
        return sum(1 for d in got if str(d["source_branch"]).startswith(prefix))

    def title(self, title: str, draft: bool) -> str:
        return f"Draft: {title}" if draft else title

    def _user_id(self, username: str) -> int:
        got = self.http.ok("GET", "/users", query={"username": username})
        if not got:
            raise self.http.fail(f"--reviewer {username}: no such GitLab user")
        return int(got[0]["id"])

    def create_pull(
        self,
        title: str,
        body: str,
        head: str,
        base: str,
        labels: list[str],
        reviewers: list[str],
        draft: bool,
    ) -> PullRequest:
        # a draft is marked by the title (`title`)
        path = f"/projects/{self.project}/merge_requests"
        want: dict[str, Any] = {
            "source_branch": head,
            "target_branch": base,
            "title": title,
            "description": body,
        }
        if labels:
            want["labels"] = ",".join(labels)
        if reviewers:
            want["reviewer_ids"] = [self._user_id(r) for r in reviewers]
        code, payload, _ = self.http.request("POST", path, want)
        if code == 409:  # "Another open merge request already exists for this source branch"
            for pr in self.pulls_for_branch(head):
                if pr.state == "open":
                    return self.update_pull(pr, title, body, labels)
        if code not in (0, 201):
            raise self.http.status_error("POST", path, code, payload)
        return self._pr(payload)

    def update_pull(self, pr: PullRequest, title: str, body: str, labels: list[str]) -> PullRequest:
        change: dict[str, Any] = {}
        if pr.title != title:
            change["title"] = title
        if pr.body != body:
            change["description"] = body
        missing = [x for x in labels if x not in pr.labels]
        if missing:
            change["add_labels"] = ",".join(missing)
        if not change:
            return pr
        got = self.http.ok("PUT", f"/projects/{self.project}/merge_requests/{pr.number}", change)
        return self._pr(got) if got else pr

    def comments(self, pr: PullRequest) -> list[str]:
        got = self.http.pages(
            f"/projects/{self.project}/merge_requests/{pr.number}/notes", {"per_page": "100"}
        )
        return [str(n.get("body") or "") for n in got if not n.get("system")]

    def comment(self, pr: PullRequest, text: str) -> None:
        self.http.ok(
            "POST", f"/projects/{self.project}/merge_requests/{_num(pr)}/notes", {"body": text}
        )


TOKEN_VARS = {
    "github": ("GITHUB_TOKEN", "GH_TOKEN"),
    "gitea": ("GITEA_TOKEN",),
    "gitlab": ("GITLAB_TOKEN",),
}


def make_forge(kind: str, repo: str, token: str, api_url: str | None, **http: Any) -> Forge:
    if "/" not in repo.strip("/"):
        raise ForgeError(f"--repo {repo!r}: expected OWNER/NAME")
    if kind == "github":
        return GitHub(repo, token, api_url or "https://api.github.com", **http)
    if kind == "gitlab":
        return GitLab(repo, token, api_url or "https://gitlab.com", **http)
    if kind == "gitea":
        if not api_url:
            raise ForgeError("--forge gitea needs --api-url (the Gitea server's address)")
        return Gitea(repo, token, api_url, **http)
    raise ForgeError(f"unknown forge {kind!r}: github, gitea or gitlab")
