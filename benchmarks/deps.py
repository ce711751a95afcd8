"""Benchmark dependency types: cold and warm scans of a module with Kubernetes
dependencies, before and after the dependency loader.

    /work/venv/bin/python benchmarks/deps.py [--rounds 3] [--before REV] [--packages 40]

It writes an operator-shaped module into a temporary directory: the go.mod of
``golden/nil-k8s-map-write`` (k8s.io/api v0.37.2 and its requirements, which
must be in the module cache: ``go mod download`` there) and ``--packages``
packages of controllers that write the labels, annotations and map fields of
objects of sixteen API groups (most of them outside the built-in table).
Each round runs, interleaved so that machine load hits them alike:

- ``gofmt -l`` on the same files: the reference of the ratios;
- gofixmap at ``--before`` (default: the merge base with main's first parent
  before the loader, given as a revision) from ``git archive``, cold (empty
  cache) and warm (nothing changed);
- gofixmap of the working tree: cold (empty cache: every dependency package
  is parsed), *deps warm* (every scanned file changed, so no result is
  reused, but the declarations of the dependencies come from the cache) and
  warm (nothing changed);
- the working tree with an empty module cache (``GOMODCACHE``): the built-in
  table as the fallback, cold.

Prints medians, ratios to ``gofmt -l`` measured in the same round, and the
findings of each configuration.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_std import archive, machine, measure, med, snapshot  # noqa: E402

from gofixmap.codemod.toolchain import find_go  # noqa: E402

GROUPS = (
    ("corev1", "k8s.io/api/core/v1", "Pod", ""),
    ("appsv1", "k8s.io/api/apps/v1", "StatefulSet", ""),
    ("batchv1", "k8s.io/api/batch/v1", "Job", ""),
    ("storagev1", "k8s.io/api/storage/v1", "StorageClass", "Parameters"),
    ("admissionv1", "k8s.io/api/admissionregistration/v1", "ValidatingWebhookConfiguration", ""),
    ("networkingv1", "k8s.io/api/networking/v1", "Ingress", ""),
    ("policyv1", "k8s.io/api/policy/v1", "PodDisruptionBudget", ""),
    ("rbacv1", "k8s.io/api/rbac/v1", "Role", ""),
    ("discoveryv1", "k8s.io/api/discovery/v1", "EndpointSlice", ""),
    ("autoscalingv2", "k8s.io/api/autoscaling/v2", "HorizontalPodAutoscaler", ""),
    ("nodev1", "k8s.io/api/node/v1", "RuntimeClass", ""),
    ("schedulingv1", "k8s.io/api/scheduling/v1", "PriorityClass", ""),
    ("certificatesv1", "k8s.io/api/certificates/v1", "CertificateSigningRequest", ""),
    ("coordinationv1", "k8s.io/api/coordination/v1", "Lease", ""),
    ("eventsv1", "k8s.io/api/events/v1", "Event", ""),
    ("flowcontrolv1", "k8s.io/api/flowcontrol/v1", "FlowSchema", ""),
)


def controller(package: str, number: int) -> str:
    """A Go file that labels and annotates objects of every group."""
    imports = "\n".join(f'\t{alias} "{path}"' for alias, path, _, _ in GROUPS)
    funcs = []
    for alias, _, kind, field in GROUPS:
        name = f"{kind}{number}"
        body = [
            "\tobj.Labels[key] = value",
            "\tif obj.Annotations == nil {",
            "\t\tobj.Annotations = map[string]string{}",
            "\t}",
            "\tobj.Annotations[key] = value",
        ]
        if field:
            body.append(f"\tobj.{field}[key] = value")
        funcs.append(
            f"func Label{name}(obj *{alias}.{kind}, key, value string) {{\n"
            + "\n".join(body)
            + "\n}\n"
        )
    return f"package {package}\n\nimport (\n{imports}\n)\n\n" + "\n".join(funcs)


def write_module(root: Path, packages: int) -> list[Path]:
    golden = HERE.parent / "golden" / "nil-k8s-map-write"
    shutil.copy(golden / "go.mod", root / "go.mod")
    shutil.copy(golden / "go.sum", root / "go.sum")
    files = []
    for p in range(packages):
        directory = root / "controllers" / f"c{p}"
        directory.mkdir(parents=True)
        for f in range(3):
            path = directory / f"c{f}.go"
            path.write_text(controller(f"c{p}", f))
            files.append(path)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--packages", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--before", default="", help="revision before the loader")
    args = parser.parse_args()

    toolchain = find_go()
    work = Path(tempfile.mkdtemp(prefix="gofixmap-deps-bench-"))
    module = work / "m"
    module.mkdir()
    files = write_module(module, args.packages)
    for path in files:
        old = path.stat().st_mtime_ns - 10_000_000_000  # warm runs trust the stat entries
        os.utime(path, ns=(old, old))
    env = dict(os.environ)
    env.update(toolchain.env())
    env.update({"GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": "-mod=mod"})
    listed = subprocess.run(
        [str(toolchain.go), "list", "-deps", "./..."],
        cwd=module,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode != 0:
        print(f"the module's dependencies are not all in the module cache:\n{listed.stderr}")
        print(f"run `go mod download` in {HERE.parent / 'golden' / 'nil-k8s-map-write'}")
        return 2
    size = sum(p.stat().st_size for p in files)
    print(machine())
    print(f"module: {len(files)} files, {size / 1e6:.2f} MB, {args.packages} packages")

    after = snapshot()
    before = archive(args.before) if args.before else ""
    empty_modcache = work / "empty-modcache"
    empty_modcache.mkdir()
    times: dict[str, list[float]] = defaultdict(list)
    ratios: dict[str, list[float]] = defaultdict(list)
    findings: dict[str, set[int]] = defaultdict(set)

    def gofixmap(label: str, tree: str, cache: Path, gofmt: float, **extra: str) -> None:
        run_env = dict(env)
        run_env.update({"PYTHONPATH": tree, "GOFIXMAP_CACHE_DIR": str(cache), **extra})
        cmd = [sys.executable, "-m", "gofixmap", "--format", "json", "-j", str(args.jobs), "."]
        run = measure(cmd, run_env, cwd=str(module))
        if run.returncode not in (0, 1):
            raise SystemExit(f"{label}: exit {run.returncode}\n{run.stderr[-2000:]}")
        times[label].append(run.seconds)
        ratios[label].append(run.seconds / gofmt)
        findings[label].add(len(json.loads(run.stdout)["findings"]))

    for round_number in range(args.rounds):
        gofmt_run = measure([str(toolchain.gofmt), "-l", *map(str, files)], env)
        gofmt = gofmt_run.seconds
        times["gofmt -l"].append(gofmt)
        ratios["gofmt -l"].append(1.0)
        caches = work / f"round{round_number}"
        if before:
            gofixmap("before cold", before, caches / "before", gofmt)
            gofixmap("before warm", before, caches / "before", gofmt)
        gofixmap("after cold", after, caches / "after", gofmt)
        for path in files:  # every file changes: no result is reused
            path.write_text(path.read_text() + f"\n// round {round_number}\n")
            old = path.stat().st_mtime_ns - 10_000_000_000  # not "racily clean"
            os.utime(path, ns=(old, old))
        gofixmap("after deps warm", after, caches / "after", gofmt)
        gofixmap("after warm", after, caches / "after", gofmt)
        gofixmap("after, empty module cache (table)", after, caches / "table", gofmt,
                 GOMODCACHE=str(empty_modcache))  # fmt: skip
    print()
    print("| command | median wall s | ratio to gofmt -l (same round) | findings |")
    print("|---|--:|--:|--:|")
    for label, values in times.items():
        found = ", ".join(str(n) for n in sorted(findings[label])) or "-"
        print(f"| {label} | {med(values):.2f} | {med(ratios[label]):.2f} | {found} |")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
