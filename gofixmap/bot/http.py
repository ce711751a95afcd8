"""JSON over HTTP for the forges: auth headers, pagination, rate-limit politeness.

The standard library's client is enough for the handful of calls the bot
makes. Tokens travel in a header and never in an error message: every
`ForgeError` passes through `redact`. Every call is recorded in ``calls``;
in a dry run the mutating ones are recorded and not sent.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

USER_AGENT = "gofixmap-bot"
MUTATING = frozenset({"POST", "PATCH", "PUT", "DELETE"})
_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")


class ForgeError(Exception):
    """One clear line: what failed and why (never the token)."""


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """`text` without any of `secrets` and without the user:password of URLs."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _USERINFO.sub("***@", text)


@dataclass
class Call:
    method: str
    path: str
    body: Any = None
    sent: bool = True


def error_message(payload: Any) -> str:
    """The human part of an error answer: GitHub's message and errors[], GitLab's
    message (a string, a list or a field map) or error, Gitea's message."""
    if not isinstance(payload, dict):
        return str(payload or "").strip().splitlines()[0][:200] if payload else ""
    parts: list[str] = []
    message = payload.get("message", payload.get("error"))
    if isinstance(message, str):
        parts.append(message)
    elif isinstance(message, list):
        parts.extend(str(m) for m in message)
    elif isinstance(message, dict):
        parts.extend(
            f"{k} {', '.join(map(str, v)) if isinstance(v, list) else v}"
            for k, v in message.items()
        )
    for err in payload.get("errors") or ():
        if isinstance(err, dict):
            text = err.get("message") or " ".join(
                str(err[k]) for k in ("resource", "field", "code") if k in err
            )
            parts.append(str(text))
        else:
            parts.append(str(err))
    return ": ".join(p for p in parts if p)


@dataclass
class Http:
    """One forge's API: base URL, headers, politeness."""

    base: str
    headers: dict[str, str]
    max_wait: float = 600.0
    min_interval: float = 1.0
    dry_run: bool = False
    secret: str | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    calls: list[Call] = field(default_factory=list)
    _last_write: float = 0.0

    def fail(self, text: str) -> ForgeError:
        return ForgeError(redact(text, (self.secret,)))

    def request(
        self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None
    ) -> tuple[int, Any, dict[str, str]]:
        """(status, JSON payload, lower-cased headers). `path` may be a full URL
        (a pagination link). Waits out rate limits within `max_wait`."""
        url = path if "://" in path else self.base.rstrip("/") + path
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
        shown = urllib.parse.urlsplit(url).path
        if method in MUTATING and self.dry_run:
            self.calls.append(Call(method, shown, body, sent=False))
            return 0, None, {}
        self.calls.append(Call(method, shown, body))
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
                    headers = {k.lower(): v for k, v in resp.headers.items()}
                    return resp.status, json.loads(raw) if raw else None, headers
            except urllib.error.HTTPError as exc:
                raw = exc.read()
                headers = {k.lower(): v for k, v in exc.headers.items()}
                try:
                    payload = json.loads(raw) if raw else None
                except ValueError:
                    payload = raw.decode(errors="replace")
                delay = self._rate_delay(exc.code, headers, payload)
                if delay is None:
                    return exc.code, payload, headers
                if waited + delay > self.max_wait:
                    reset = time.strftime("%H:%M:%S UTC", time.gmtime(self.clock() + delay))
                    raise self.fail(
                        f"{method} {shown}: rate limited until {reset}"
                        f" (more than --max-wait {self.max_wait:g}s away)"
                    ) from None
                self.sleep(delay)
                waited += delay
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise self.fail(f"{method} {url}: {reason}") from None
            except ValueError:
                raise self.fail(f"{method} {shown}: the answer is not JSON") from None

    def _rate_delay(self, code: int, h: dict[str, str], payload: Any) -> float | None:
        """Seconds to wait before retrying, or None when this is no rate limit."""
        if code not in (403, 429):
            return None
        if "retry-after" in h:
            try:
                return max(1.0, float(h["retry-after"]))
            except ValueError:
                return 60.0
        for prefix in ("x-ratelimit-", "ratelimit-"):  # GitHub and Gitea; GitLab
            if h.get(prefix + "remaining") == "0" and prefix + "reset" in h:
                try:
                    return max(1.0, float(h[prefix + "reset"]) - self.clock())
                except ValueError:
                    return 60.0
        message = error_message(payload).lower()
        if "secondary rate limit" in message or "abuse" in message:
            return 60.0  # GitHub: wait at least a minute when no header says how long
        if code == 429:
            return 60.0
        return None

    def ok(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: dict[str, str] | None = None,
        accept: tuple[int, ...] = (200, 201, 204),
    ) -> Any:
        """The payload of a successful call; a `ForgeError` line for any other answer."""
        code, payload, _ = self.request(method, path, body, query)
        if code in accept or code == 0:  # 0: a dry run's unsent write
            return payload
        raise self.status_error(method, path, code, payload)

    def status_error(self, method: str, path: str, code: int, payload: Any) -> ForgeError:
        message = error_message(payload)
        if code == 401:
            return self.fail(f"{method} {path}: 401 bad credentials (check the token): {message}")
        if code == 404:
            return self.fail(
                f"{method} {path}: 404 not found (unknown repository, or the token cannot see it)"
            )
        if code == 403:
            why = "the token lacks a permission"
            return self.fail(f"{method} {path}: 403 forbidden ({why}): {message}")
        return self.fail(f"{method} {path}: {code} {message}".rstrip(": "))

    def pages(self, path: str, query: dict[str, str]) -> list[Any]:
        """Every item of a paginated list, following the Link header's rel="next"
        (GitHub, GitLab and Gitea all send it) or GitLab's X-Next-Page."""
        out: list[Any] = []
        url: str | None = path
        q: dict[str, str] | None = query
        for _ in range(1000):
            if url is None:
                break
            code, payload, headers = self.request("GET", url, query=q)
            if code != 200:
                raise self.status_error("GET", path, code, payload)
            if not isinstance(payload, list):
                raise self.fail(f"GET {path}: expected a list, got {type(payload).__name__}")
            out.extend(payload)
            url, q = _next_link(headers.get("link", "")), None
            if url is not None and not _same_origin(url, self.base):
                raise self.fail(f"GET {path}: the next page is on another host")
            if url is None and headers.get("x-next-page"):
                url, q = path, {**query, "page": headers["x-next-page"]}
        return out


def _same_origin(a: str, b: str) -> bool:
    x, y = urllib.parse.urlsplit(a), urllib.parse.urlsplit(b)
    return (x.scheme, x.netloc) == (y.scheme, y.netloc)


def _next_link(link: str) -> str | None:
    for part in link.split(","):
        target, _, params = part.partition(";")
        if re.search(r'rel="?next"?', params):
            return target.strip().strip("<>")
    return None
