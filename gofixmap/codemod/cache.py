"""A result cache: the FileResults of a package, keyed by content.

A file's findings depend on every file of its package (a map field can be
declared in another file), so one entry holds the results of one unit of work
(the Go files of one directory) and its key hashes:

- the content and name of every file of the unit (the file content hashes and,
  through them, the package content hash),
- the directory and the module path (the index uses the module path),
- the names, sizes, modification and change times and inodes of the Go files
  of the other packages of the same module that the unit imports (a rule may read their
  declarations: custom resource types),
- the tool fingerprint: the version plus a hash of the source of the
  ``gofixmap`` package itself (rules and their data) and of its compiled Go
  parser, so an edited rule or grammar never reads results of the old one,
- the rule selection, the settings, the external types, the fix level and the
  other run options.

Entries live under ``$GOFIXMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/gofixmap``,
else ``~/.cache/gofixmap``. Each is written to a temporary file and renamed
into place, so concurrent runs and a killed run never leave a half entry under
a real name; a corrupt entry (bad magic, bad checksum, undecodable) is ignored
and rewritten, never trusted. Entries are ``marshal`` data of plain tuples
(no code runs when one is read) behind a keyed BLAKE2 MAC: the key is a random
per-user secret in ``key`` (mode 0600) beside the entries, so an entry forged
or rewritten by anyone who cannot read the key (its checksum recomputed or
not) is a miss and never becomes an edit. A key file that others can read, or
that another user owns, is not used: the run then keeps a key of its own
(nothing cached is read, nothing it writes is trusted later). Once a day a run
deletes the entries not written or used for 30 days (and temporary files a
killed run left), so the cache does not grow without bound.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from gofixmap import __version__
from gofixmap.codemod.model import (
    Applicability,
    AppliedFix,
    Diagnostic,
    Edit,
    FileResult,
    Fix,
    Span,
    Status,
    Subject,
)

# 2: error_column and note; 3: keyed MAC; 4: builtin_types; 5: Diagnostic.about;
# 6: Diagnostic.evidence and confidence
FORMAT = 6
MAX_AGE = 30 * 86400.0  # entries not written or used for 30 days are pruned
PRUNE_EVERY = 86400.0  # at most once a day
_MAGIC = b"GFXC" + bytes([FORMAT])
_DIGEST = 16


def default_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    explicit = env.get("GOFIXMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = env.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "gofixmap"
    return Path.home() / ".cache" / "gofixmap"


@cache
def tool_fingerprint() -> str:
    """The version plus a hash of every source and data file of the package
    and of its compiled extension (the Go parser)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".json", ".so", ".pyd") and "__pycache__" not in path.parts:
            digest.update(os.fsencode(path.relative_to(root)) + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def salt(parts: Iterable[object]) -> bytes:
    """A hash of the run options that change results (``repr`` of each part)."""
    digest = hashlib.blake2b(tool_fingerprint().encode(), digest_size=16)
    for part in parts:
        digest.update(repr(part).encode() + b"\0")
    return digest.digest()


def key_of(parts: Iterable[bytes]) -> str:
    """A key hashing ``parts`` (each delimited)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()


def unit_key(
    run_salt: bytes,
    directory: str,
    module: str,
    files: Sequence[tuple[str, bytes]],
    dependencies: bytes = b"",
) -> str:
    """The key of a unit: the salt, where it is, the name and content of each
    file, and a stamp of the other packages of the module that it imports."""
    digest = hashlib.blake2b(run_salt, digest_size=20)
    digest.update(os.fsencode(directory) + b"\0" + os.fsencode(module) + b"\0")
    digest.update(hashlib.blake2b(dependencies, digest_size=20).digest())
    for name, data in files:
        digest.update(os.fsencode(name) + b"\0" + len(data).to_bytes(8, "little"))
        digest.update(hashlib.blake2b(data, digest_size=20).digest())
    return digest.hexdigest()


_KEY_BYTES = 32
_process_keys: dict[str, bytes] = {}


def mac_key(root: Path) -> bytes:
    """The per-user MAC key of the cache in ``root`` (created on first use, mode 0600).

    Falls back to a random key of this process when the file cannot be made,
    read, or trusted (readable by others, owned by someone else, wrong size).
    """
    path = os.path.join(root, "key")
    for _ in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            if not _create_key(root, path):
                break
            continue
        except OSError:
            break
        try:
            st = os.fstat(fd)
            key = os.read(fd, _KEY_BYTES + 1)
        finally:
            os.close(fd)
        if st.st_uid == os.geteuid() and st.st_mode & 0o077 == 0 and len(key) == _KEY_BYTES:
            return key
        break
    return _process_keys.setdefault(str(root), os.urandom(_KEY_BYTES))


def _create_key(root: Path, path: str) -> bool:
    """Write a new key atomically (``link``: the first writer wins); False on failure."""
    try:
        os.makedirs(root, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".key-", dir=root)  # mode 0600
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(_KEY_BYTES))
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
        return True
    except OSError:
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


class ResultCache:
    """Entries in ``root``; every failure to read or write is a miss, never an error."""

    def __init__(self, root: Path) -> None:
        self.root = root / f"v{FORMAT}"
        self._root = str(self.root)
        self.hits = 0
        self.misses = 0
        self._base = root
        self._key: bytes | None = None  # read or made on first use: no use, no file

    def _mac(self, payload: bytes) -> bytes:
        if self._key is None:
            self._key = mac_key(self._base)
        return hashlib.blake2b(payload, digest_size=_DIGEST, key=self._key).digest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key[2:]

    def touch(self, key: str) -> None:
        """Mark the entry as used now (entries unused for long are pruned)."""
        with contextlib.suppress(OSError):
            os.utime(os.path.join(self._root, key[:2], key[2:]))

    def prune(self, max_age: float = MAX_AGE, every: float = PRUNE_EVERY) -> int:
        """Delete the entries not written or used for ``max_age`` seconds, at
        most once per ``every`` seconds (a stamp file says when it last ran);
        the number deleted. A deleted entry is only a miss later."""
        stamp = os.path.join(self._root, ".pruned")
        now = time.time()
        try:
            if now - os.stat(stamp).st_mtime < every:
                return 0
        except OSError:
            pass
        if not os.path.isdir(self._root):
            return 0  # nothing stored yet: create nothing
        try:
            with open(stamp, "wb"):
                pass
        except OSError:
            return 0
        deleted = 0
        with contextlib.suppress(OSError):
            for shard in os.scandir(self._root):
                if not shard.is_dir(follow_symlinks=False):
                    continue
                with contextlib.suppress(OSError):
                    for entry in os.scandir(shard.path):
                        with contextlib.suppress(OSError):
                            age = now - entry.stat(follow_symlinks=False).st_mtime
                            # a temporary file this old is left by a killed run
                            limit = 3600.0 if entry.name.startswith(".tmp-") else max_age
                            if age > limit:
                                os.unlink(entry.path)
                                deleted += 1
        return deleted

    def load(self, key: str) -> Any:
        try:
            with open(os.path.join(self._root, key[:2], key[2:]), "rb") as handle:
                blob = handle.read()
        except OSError:
            self.misses += 1
            return None
        payload = blob[len(_MAGIC) + _DIGEST :]
        head = blob[: len(_MAGIC)]
        check = blob[len(_MAGIC) : len(_MAGIC) + _DIGEST]
        if head != _MAGIC or not hmac.compare_digest(self._mac(payload), check):
            self.misses += 1
            return None
        try:
            value = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def store(self, key: str, value: Any) -> None:
        try:
            payload = marshal.dumps(value)
        except ValueError:
            return
        blob = _MAGIC + self._mac(payload) + payload
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# --- FileResult <-> plain tuples ------------------------------------------------
#
# Paths are stored as the base name of the file (every file of a unit is in one
# directory) and mapped back to the display paths of the current run on load.


class Unencodable(Exception):
    """A result that refers to a file outside its unit: not cached."""


def _name(path: str, names: Mapping[str, str]) -> str:
    if path == "":
        return ""
    try:
        return names[path]
    except KeyError:
        raise Unencodable(path) from None


def _enc_fix(fix: Fix, names: Mapping[str, str]) -> tuple[Any, ...]:
    edits = tuple((e.start, e.end, e.new_text, _name(e.path, names)) for e in fix.edits)
    return (fix.title, edits, int(fix.applicability), fix.imports)


def _dec_fix(raw: Sequence[Any], paths: Mapping[str, str]) -> Fix:
    title, edits, applicability, imports = raw
    return Fix(
        title,
        tuple(Edit(s, e, t, paths[p] if p else "") for s, e, t, p in edits),
        Applicability(applicability),
        tuple(imports),
    )


def _enc_diag(diag: Diagnostic, names: Mapping[str, str]) -> tuple[Any, ...]:
    return (
        diag.rule,
        diag.name,
        _name(diag.path, names),
        diag.span.start,
        diag.span.end,
        diag.message,
        tuple(_enc_fix(f, names) for f in diag.fixes),
        diag.note,
        diag.subject,
        (diag.about.kind, diag.about.owner, diag.about.name) if diag.about else None,
        diag.evidence,
        diag.confidence,
    )


def _dec_diag(raw: Sequence[Any], paths: Mapping[str, str]) -> Diagnostic:
    rule, name, path, start, end, message, fixes, note, subject, about, evidence, confidence = raw
    return Diagnostic(
        rule,
        name,
        paths[path] if path else "",
        Span(start, end),
        message,
        tuple(_dec_fix(f, paths) for f in fixes),
        note,
        subject,
        Subject(*about) if about is not None else None,
        evidence,
        confidence,
    )


def encode(results: Sequence[FileResult], names: Mapping[str, str]) -> tuple[Any, ...]:
    """Plain data for ``results``; ``names`` maps display path → base name.

    Raises :class:`Unencodable` when a result cannot be cached.
    """
    out: list[tuple[Any, ...]] = []
    for r in results:
        out.append(
            (
                _name(r.path, names),
                r.status.value,
                None if r.fixed is r.original or r.fixed == r.original else r.fixed,
                tuple(_enc_diag(d, names) for d in r.diagnostics),
                tuple((_enc_diag(a.diagnostic, names), _enc_fix(a.fix, names)) for a in r.applied),
                tuple((_enc_diag(d, names), why) for d, why in r.rejected),
                tuple(_enc_diag(d, names) for d in r.remaining),
                r.reason,
                r.error_line,
                r.error_column,
                r.note,
                r.builtin_types,
            )
        )
    return (FORMAT, tuple(out))


_BARE = (Status.CLEAN.value, Status.SKIPPED.value)


def decode(
    value: Any, paths: Mapping[str, str], contents: Mapping[str, bytes], lean: bool = False
) -> list[FileResult] | None:
    """FileResults from :func:`encode` data; ``paths`` maps base name → display
    path and ``contents`` base name → bytes. ``None`` when the data is not
    what :func:`encode` writes (then the entry is ignored). ``lean``: a clean
    unchanged file without findings, and a skipped file without an error line,
    come back without bytes (their content is not looked up), as
    ``parallel`` leans its results."""
    try:
        version, rows = value
        if version != FORMAT:
            return None
        results: list[FileResult] = []
        for row in rows:
            name, status, fixed, diags, applied, rejected, remaining, reason = row[:8]
            error_line, error_column, note, builtin = row[8:]
            builtin = tuple(str(p) for p in builtin)
            if lean and fixed is None and not diags and not error_line and status in _BARE:
                results.append(
                    FileResult(
                        paths[name], Status(status), reason=reason, note=note, builtin_types=builtin
                    )
                )
                continue
            original = contents[name]
            results.append(
                FileResult(
                    paths[name],
                    Status(status),
                    original,
                    original if fixed is None else fixed,
                    tuple(_dec_diag(d, paths) for d in diags),
                    tuple(AppliedFix(_dec_diag(d, paths), _dec_fix(f, paths)) for d, f in applied),
                    tuple((_dec_diag(d, paths), why) for d, why in rejected),
                    tuple(_dec_diag(d, paths) for d in remaining),
                    reason,
                    error_line,
                    error_column,
                    note,
                    builtin_types=builtin,
                )
            )
        return results
    except (TypeError, ValueError, KeyError):
        return None
