"""Run the go command on third-party code in a sandbox.

The environment is scrubbed (only what the go command needs), the toolchain is
pinned (``GOTOOLCHAIN=local``), the network is off (``GOPROXY=off``) unless
allowed, and every run has a time limit that kills the whole process tree.
Under bubblewrap (``bwrap``) the root file system is read-only, only the
sandbox's temporary tree and gofixmap's own Go build cache are writable (never
the user's ``GOCACHE``: a test could leave files there), and the process has no
network namespace. Every run has limits: file size (``RLIMIT_FSIZE``), and a
watchdog that kills the tree when it holds more than :data:`MAX_PROCESSES`
processes or :data:`MAX_MEMORY` bytes of resident memory (``RLIMIT_AS`` cannot
be used: the race detector reserves terabytes of address space).

Fail closed: without a working bubblewrap, :class:`Sandbox` raises
:class:`SandboxUnavailable` unless ``unsandboxed=True`` (the ``--unsandboxed``
flag). Unsandboxed runs go through ``unshare`` (pid and network namespaces)
when the kernel allows it, gofixmap becomes the subreaper of what they start
so that ``setsid`` children are found and killed, and the gofixmap process has
re-executed itself with a scrubbed environment (:func:`scrub_own_environment`)
so that a test cannot read the user's secrets from ``/proc/<pid>/environ``.
Every result says which isolation it ran under (:attr:`Sandbox.mode`).

Why one module of about 660 lines: it is the whole boundary between gofixmap
and code it does not trust, and its parts only hold together: the bubblewrap
flags, the ``unshare`` fallback, the scrubbed environment, the run token that
marks a run's processes, the subreaper that catches ``setsid`` children and the
watchdog that kills the tree depend on each other's choices. An audit of the
sandbox reads this one file. (``proc_table`` and ``descendants`` are public:
the batch mode watches its workers with them.)
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from gofixmap.codemod.toolchain import Toolchain

log = logging.getLogger("gofixmap.sandbox")

#: Set to ``1`` to run without bubblewrap even when it is installed.
NO_BWRAP_ENV = "GOFIXMAP_NO_BWRAP"

#: The limits of one sandboxed command.
MAX_FILE_SIZE = 2 << 30  # bytes per file written (a race-enabled test binary is ~50 MB)
MAX_PROCESSES = 512  # processes in the tree at once
MAX_MEMORY = 8 << 30  # resident bytes of the whole tree

INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: apt-get install -y bubblewrap)"


class SandboxUnavailable(RuntimeError):
    """No working bubblewrap and ``unsandboxed`` was not asked for."""


# Variables passed through from the user's environment when the network is
# allowed (proxies, certificates, private module settings).
_NETWORK_PASSTHROUGH = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "GIT_SSH_COMMAND",
)
_GO_NETWORK_VARS = ("GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOINSECURE")


@dataclass(frozen=True, slots=True)
class RunResult:
    """What one sandboxed command did."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool
    isolated: bool  # ran under bubblewrap


@dataclass(frozen=True, slots=True)
class GoSettings:
    """The user's go settings the sandbox reuses."""

    gocache: Path
    gomodcache: Path
    network: tuple[tuple[str, str], ...]  # GOPROXY & co., used only with allow_network


_settings: dict[str, GoSettings] = {}
_settings_lock = threading.Lock()


def go_settings(toolchain: Toolchain) -> GoSettings:
    """``go env`` of the user for GOCACHE, GOMODCACHE and the proxy settings."""
    key = str(toolchain.go)
    with _settings_lock:
        if key in _settings:
            return _settings[key]
    env = dict(os.environ)
    env.update(toolchain.env())
    env["GOTOOLCHAIN"] = "local"
    names = ["GOCACHE", "GOMODCACHE", *_GO_NETWORK_VARS]
    values: dict[str, str] = {}
    try:
        out = subprocess.run(
            [str(toolchain.go), "env", "-json", *names],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
        if out.returncode == 0:
            values = {k: str(v) for k, v in json.loads(out.stdout).items()}
    except (OSError, subprocess.TimeoutExpired, ValueError):
        values = {}
    home = Path.home()
    gocache = values.get("GOCACHE", "")
    if not gocache or gocache == "off":
        gocache = str(home / ".cache" / "go-build")
    gomodcache = values.get("GOMODCACHE") or str(home / "go" / "pkg" / "mod")
    settings = GoSettings(
        gocache=Path(gocache),
        gomodcache=Path(gomodcache),
        network=tuple((k, values[k]) for k in _GO_NETWORK_VARS if values.get(k)),
    )
    with _settings_lock:
        _settings[key] = settings
    return settings


def c_compiler_available() -> bool:
    """``go test -race`` needs cgo, and cgo needs a C compiler."""
    cc = os.environ.get("CC", "").split()
    if cc:
        return shutil.which(cc[0]) is not None
    return shutil.which("gcc") is not None or shutil.which("clang") is not None


def _bwrap_flags(allow_network: bool) -> list[str]:
    flags = [
        "--ro-bind", "/", "/",
        "--dev", "/dev",
        "--proc", "/proc",
        "--unshare-user-try",
        "--unshare-ipc",
        "--unshare-pid",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--clearenv",
    ]  # fmt: skip
    if not allow_network:
        flags.append("--unshare-net")
    return flags


_bwrap_probe: dict[bool, str | None] = {}  # allow_network -> error (None: works)
_warned = False
_probe_lock = threading.Lock()


def bwrap_status(allow_network: bool = False) -> str | None:
    """None when bubblewrap works here, else why it cannot be used."""
    if os.environ.get(NO_BWRAP_ENV, "") not in ("", "0"):
        return f"disabled by {NO_BWRAP_ENV}"
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bwrap is not installed"
    with _probe_lock:
        if allow_network in _bwrap_probe:
            return _bwrap_probe[allow_network]
        try:
            out = subprocess.run(
                [bwrap, *_bwrap_flags(allow_network), "--", "/bin/sh", "-c", "exit 0"],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            error = (
                None if out.returncode == 0 else (out.stderr.strip() or f"exit {out.returncode}")
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            error = str(exc)
        if error is not None:
            error = f"bwrap does not work here: {error.splitlines()[0]}"
        _bwrap_probe[allow_network] = error
        return error


def _warn_reduced(reason: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        log.warning("%s; isolation is reduced (running the go command without bubblewrap)", reason)


def _live_members(pgid: int) -> bool:
    """Whether a process group has a member that is not a zombie (Linux /proc)."""
    proc_dir = Path("/proc")
    if not proc_dir.is_dir():
        return True
    for entry in proc_dir.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) >= 3 and fields[2] == str(pgid) and fields[0] != "Z":
            return True
    return False


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL every process of the child's group until none is left (bounded).

    The child leads its own group (``start_new_session``); it is reaped here
    so that its zombie does not keep the group alive.
    """
    for _ in range(100):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            return
        proc.poll()
        if not _live_members(proc.pid):
            return
        time.sleep(0.01)


def sandbox_gocache(environ: Mapping[str, str] | None = None) -> Path:
    """gofixmap's own Go build cache for sandboxed runs (never the user's GOCACHE)."""
    env = os.environ if environ is None else environ
    explicit = env.get("GOFIXMAP_SANDBOX_GOCACHE")
    if explicit:
        return Path(explicit)
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gofixmap-sandbox" / "go-build"


def _limit_child() -> None:
    """In the child, before exec: a file-size limit (SIGXFSZ kills a writer past it)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_SIZE, MAX_FILE_SIZE))


def proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, resident pages) of every live process (Linux /proc)."""
    table: dict[int, tuple[int, int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return table
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) < 22 or fields[0] == b"Z":
            continue
        table[int(name)] = (int(fields[1]), int(fields[21]))
    return table


def descendants(root: int, table: Mapping[int, tuple[int, int]]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found: list[int] = []
    todo = [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, ()):
            found.append(child)
            todo.append(child)
    return found


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _watch(proc: subprocess.Popen[bytes], timeout: float) -> tuple[bool, str]:
    """Wait for ``proc``; (timed out, limit exceeded) — the tree is killed by the caller."""
    deadline = time.monotonic() + timeout
    step = 0.05
    while True:
        try:
            proc.wait(timeout=min(step, max(deadline - time.monotonic(), 0.001)))
            return False, ""
        except subprocess.TimeoutExpired:
            pass
        if time.monotonic() >= deadline:
            return True, ""
        step = min(step * 2, 0.5)
        table = proc_table()
        tree = [proc.pid, *descendants(proc.pid, table)]
        if len(tree) > MAX_PROCESSES:
            return False, f"more than {MAX_PROCESSES} processes"
        resident = sum(table.get(pid, (0, 0))[1] for pid in tree) * _PAGE
        if resident > MAX_MEMORY:
            return False, f"more than {MAX_MEMORY >> 30} GiB of memory"


RUN_TOKEN_ENV = "GOFIXMAP_RUN"


def _carries(pid: int, token: bytes) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as handle:
            return token in handle.read().split(b"\0")
    except OSError:
        return False


def _kill_orphans(child: int, token: str) -> None:
    """Kill what a run left behind that was re-parented to us (we are the subreaper).

    Such a process left the run's process group (``setsid``); it is known by
    the run's token in its environment, so concurrent runs never kill each
    other's processes.
    """
    table = proc_table()
    me = os.getpid()
    mark = f"{RUN_TOKEN_ENV}={token}".encode()
    for pid, (ppid, _) in table.items():
        if ppid != me or pid == child or not _carries(pid, mark):
            continue
        for victim in [pid, *descendants(pid, table)]:
            with contextlib.suppress(OSError):
                os.kill(victim, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)


_subreaper = False


def _become_subreaper() -> None:
    """Orphans of our children (``setsid`` daemons) are re-parented to us, not to init."""
    global _subreaper
    if _subreaper:
        return
    _subreaper = True
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


_unshare_probe: dict[bool, list[str]] = {}


def unshare_prefix(allow_network: bool) -> list[str]:
    """``unshare`` with new pid (and network) namespaces, when this kernel allows it.

    The pid namespace dies with its first process, so nothing a test starts
    outlives the run; without network it cannot reach the host's loopback.
    Empty when ``unshare`` is missing or refused.
    """
    if allow_network in _unshare_probe:
        return _unshare_probe[allow_network]
    found: list[str] = []
    tool = shutil.which("unshare")
    if tool is not None:
        base = [tool, "--pid", "--fork", "--kill-child", "--mount-proc"]
        if not allow_network:
            base.append("--net")
        for prefix in (base, [*base[:1], "--user", "--map-root-user", *base[1:]]):
            try:
                probe = subprocess.run(
                    [*prefix, "/bin/sh", "-c", "exit 0"],
                    capture_output=True,
                    timeout=30,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired):
                continue
            if probe.returncode == 0:
                found = prefix
                break
    _unshare_probe[allow_network] = found
    return found


#: Environment variables an unsandboxed gofixmap keeps when it re-executes itself.
_KEEP_ENV = (
    "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TERM", "TZ", "TMPDIR",
    "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "NO_COLOR", "PYTHONPATH", "PYTHONHOME",
    "VIRTUAL_ENV", "CC", "CXX", "PKG_CONFIG", *_NETWORK_PASSTHROUGH,
)  # fmt: skip
_KEEP_PREFIXES = ("LC_", "GO", "CGO_")
SCRUBBED_ENV = "GOFIXMAP_SCRUBBED"


def scrubbed_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """What remains of ``environ`` for an unsandboxed run: no tokens, no secrets."""
    kept = {
        k: v
        for k, v in environ.items()
        if k in _KEEP_ENV or (k.startswith(_KEEP_PREFIXES) and "TOKEN" not in k)
    }
    kept[SCRUBBED_ENV] = "1"
    return kept


def scrub_own_environment(argv: Sequence[str]) -> None:
    """Re-execute gofixmap with :func:`scrubbed_environment` (once).

    ``/proc/<pid>/environ`` shows the environment a process started with,
    whatever it changes later; a test run without a sandbox can read it, so
    the only way to hide the user's secrets is a new process image.
    """
    if os.environ.get(SCRUBBED_ENV) == "1":
        return
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(
        sys.executable,
        [sys.executable, "-m", "gofixmap", *argv],
        scrubbed_environment(os.environ),
    )


class Sandbox:
    """A temporary tree and the settings to run the go command in it.

    Use as a context manager; the temporary tree is removed on exit, also after
    a timeout or KeyboardInterrupt. Files the go command must read (overlay
    JSON, patched copies) go under :attr:`scratch`.
    """

    def __init__(
        self,
        toolchain: Toolchain,
        *,
        allow_network: bool = False,
        use_bwrap: bool | None = None,
        unsandboxed: bool = False,
    ) -> None:
        self.toolchain = toolchain
        self.allow_network = allow_network
        self.settings = go_settings(toolchain)
        reason: str | None
        if use_bwrap is False:
            reason = "bubblewrap not requested"
        else:
            reason = bwrap_status(allow_network)
            if use_bwrap and reason is not None:
                raise RuntimeError(reason)
        if reason is not None and use_bwrap is None and not unsandboxed:
            raise SandboxUnavailable(
                f"running the module's tests needs a sandbox: {reason}; {INSTALL_HINT},"
                " or pass --unsandboxed to run them without isolation"
            )
        self.isolated = reason is None
        #: "bwrap", or "unsandboxed" (said in every result)
        self.mode = "bwrap" if self.isolated else "unsandboxed"
        self._unshare: list[str] = []
        if not self.isolated:
            if use_bwrap is None:
                _warn_reduced(reason or "")
            self._unshare = unshare_prefix(allow_network)
            _become_subreaper()
        self.root = Path(tempfile.mkdtemp(prefix="gofixmap-verify-")).resolve()
        self.home = self.root / "home"
        self.tmp = self.root / "tmp"
        self.scratch = self.root / "scratch"
        for d in (self.home, self.tmp, self.scratch):
            d.mkdir()
        # gofixmap's own build cache: the code under test never writes into the user's
        self._gocache = sandbox_gocache()
        try:
            self._gocache.mkdir(parents=True, exist_ok=True)
            writable = os.access(self._gocache, os.W_OK)
        except OSError:
            writable = False
        if not writable:
            self._gocache = self.root / "gocache"
            self._gocache.mkdir()
        self._counter = 0

    # -- lifecycle -----------------------------------------------------------

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        if self.root.exists():  # read-only leftovers (module cache style)
            for dirpath, dirnames, _ in os.walk(self.root):
                for name in dirnames:
                    with contextlib.suppress(OSError):
                        os.chmod(os.path.join(dirpath, name), 0o700)
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- environment ----------------------------------------------------------

    def environment(self, mod_flag: str = "-mod=readonly") -> dict[str, str]:
        """The complete environment of the go command (nothing else leaks in)."""
        goroot_bin = str(self.toolchain.goroot / "bin")
        path = os.environ.get("PATH", "") or "/usr/local/bin:/usr/bin:/bin"
        env = {
            "PATH": f"{goroot_bin}{os.pathsep}{path}",
            "HOME": str(self.home),
            "TMPDIR": str(self.tmp),
            "GOTMPDIR": str(self.tmp),
            "GOPATH": str(self.home / "go"),
            "GOCACHE": str(self._gocache),
            "GOMODCACHE": str(self.settings.gomodcache),
            "GOENV": "off",
            "GOTOOLCHAIN": "local",
            "GOFLAGS": f"{mod_flag} -buildvcs=false",
            "GOWORK": "off",
            "GOTELEMETRY": "off",
            "CGO_ENABLED": "1",
            "LC_ALL": "C",
            "LANG": "C",
        }
        env.update(self.toolchain.env())
        for name in ("CC", "CXX", "PKG_CONFIG"):
            if os.environ.get(name):
                env[name] = os.environ[name]
        if self.allow_network:
            env.update(dict(self.settings.network))
            for name in _NETWORK_PASSTHROUGH:
                if os.environ.get(name):
                    env[name] = os.environ[name]
        else:
            env["GOPROXY"] = "off"
            env["GOSUMDB"] = "off"
            env["GONOSUMDB"] = "*"
        return env

    def _argv(self, args: Sequence[str], cwd: Path, env: Mapping[str, str]) -> list[str]:
        command = [str(self.toolchain.go), *args]
        if not self.isolated:
            return [*self._unshare, *command]
        bwrap = shutil.which("bwrap")
        assert bwrap is not None
        argv = [bwrap, *_bwrap_flags(self.allow_network)]
        argv += ["--bind", str(self.root), str(self.root)]
        argv += ["--bind", str(self._gocache), str(self._gocache)]
        if self.settings.gomodcache.is_dir():
            argv += ["--ro-bind", str(self.settings.gomodcache), str(self.settings.gomodcache)]
        for key, value in env.items():
            argv += ["--setenv", key, value]
        argv += ["--chdir", str(cwd), "--", *command]
        return argv

    # -- running --------------------------------------------------------------

    def run(
        self,
        args: Sequence[str],
        cwd: Path,
        timeout: float,
        *,
        extra_env: Mapping[str, str] | None = None,
        mod_flag: str = "-mod=readonly",
    ) -> RunResult:
        """Run ``go <args>`` in ``cwd``; kill the whole process tree at ``timeout``."""
        env = self.environment(mod_flag)
        if extra_env:
            env.update(extra_env)
        token = f"{os.getpid()}.{id(self)}.{self._counter + 1}.{time.monotonic_ns()}"
        env[RUN_TOKEN_ENV] = token
        argv = self._argv(args, cwd, env)
        self._counter += 1
        out_path = self.root / f"run{self._counter}.out"
        err_path = self.root / f"run{self._counter}.err"
        start = time.monotonic()
        timed_out = False
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            proc = subprocess.Popen(
                argv,
                cwd=str(cwd),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
                preexec_fn=_limit_child,
            )
            limit = ""
            try:
                timed_out, limit = _watch(proc, max(timeout, 0.1))
            finally:
                # Kill whatever is left of the group: on timeout, on Ctrl-C, and
                # children that outlived a finished go command (also those that
                # left the group with setsid: they were re-parented to us).
                _kill_group(proc)
                if not self.isolated:  # under bwrap, the pid namespace died with it
                    _kill_orphans(proc.pid, token)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=10)
                if proc.returncode is None:
                    proc.kill()
                    proc.wait()
        seconds = time.monotonic() - start
        stdout = out_path.read_bytes().decode("utf-8", "replace")
        stderr = err_path.read_bytes().decode("utf-8", "replace")
        with contextlib.suppress(OSError):
            out_path.unlink()
            err_path.unlink()
        if timed_out:
            stderr += f"\ngofixmap: killed after {timeout:g}s time limit\n"
        if limit:
            stderr += f"\ngofixmap: killed: {limit}\n"
        return RunResult(
            argv=tuple(argv),
            returncode=-9 if timed_out or limit else proc.returncode,
            stdout=stdout,
            stderr=stderr,
            seconds=seconds,
            timed_out=timed_out,
            isolated=self.isolated,
        )


def run_go(
    toolchain: Toolchain,
    args: Sequence[str],
    cwd: Path,
    timeout: float,
    *,
    allow_network: bool = False,
    extra_env: Mapping[str, str] | None = None,
    use_bwrap: bool | None = None,
    unsandboxed: bool = False,
) -> RunResult:
    """One sandboxed go command in a fresh sandbox."""
    with Sandbox(
        toolchain, allow_network=allow_network, use_bwrap=use_bwrap, unsandboxed=unsandboxed
    ) as box:
        return box.run(args, cwd, timeout, extra_env=extra_env)
