"""Dependency types: import paths resolved through go.mod, replace, go.work
and vendor/ to sources on disk; their declarations parsed once and cached on
disk; NM004 on API types of other modules; the built-in table as the fallback,
said in the output.

The modules here are small real Go modules written into a temporary
directory, with a module cache laid out as the go command lays it out
(``<escaped path>@<version>/``), so resolution is tested without a network.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gofixmap import rules
from gofixmap.codemod import cache, gomod
from gofixmap.codemod.declarations import DependencyLoader, parse_package
from tests.helpers import ROOT, require_module_deps
from tests.test_cli import gofixmap

WIDGET_TYPES = """package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type Selector map[string]string

type WidgetSpec struct {
	Selector Selector          `json:"selector,omitempty"`
	Settings map[string]string `json:"settings,omitempty"`
	Replicas *int32            `json:"replicas,omitempty"`
}

type Widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec WidgetSpec `json:"spec,omitempty"`
}
"""

APP = """package controllers

import (
	widgetsv1 "example.com/widgets/api/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

var _ client.Client

func Configure(w *widgetsv1.Widget) {
	w.Spec.Settings["color"] = "blue"
	w.Labels["configured"] = "true"
}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def env(cache: Path, gowork: str = "off", mod_flag: str = "") -> gomod.Environment:
    return gomod.Environment(str(cache), "", gowork, mod_flag)


@pytest.fixture
def modcache(tmp_path: Path) -> Path:
    """A module cache holding example.com/Widgets v1.2.0 (an upper-case
    letter: escaped as !w) and a fork of it."""
    cache = tmp_path / "modcache"
    write(cache / "example.com/!widgets@v1.2.0/go.mod", "module example.com/Widgets\n")
    write(cache / "example.com/!widgets@v1.2.0/api/v1/types.go", WIDGET_TYPES)
    write(cache / "example.com/fork/widgets@v1.3.0/api/v1/types.go", WIDGET_TYPES)
    return cache


def test_a_required_module_resolves_to_the_module_cache_with_escaped_paths(
    tmp_path: Path, modcache: Path
) -> None:
    app = tmp_path / "app"
    write(
        app / "go.mod", "module example.com/app\n\ngo 1.22\n\nrequire example.com/Widgets v1.2.0\n"
    )
    resolver = gomod.Resolver(env(modcache))
    found = resolver.resolve("example.com/Widgets/api/v1", str(app))
    assert found == gomod.Location(
        str(modcache / "example.com/!widgets@v1.2.0/api/v1"), "example.com/Widgets", "v1.2.0", True
    )
    assert resolver.resolve("example.com/Widgets/api/v2", str(app)) is None  # not on disk
    assert resolver.resolve("example.com/other", str(app)) is None  # not required
    # the module's own packages
    write(app / "internal/x/x.go", "package x\n")
    own = resolver.resolve("example.com/app/internal/x", str(app))
    assert own is not None and own.directory == str(app / "internal/x") and not own.immutable


def test_replace_by_a_local_directory_and_by_another_version(
    tmp_path: Path, modcache: Path
) -> None:
    local = tmp_path / "widgets"
    write(local / "api/v1/types.go", WIDGET_TYPES)
    app = tmp_path / "app"
    write(
        app / "go.mod",
        "module example.com/app\n\nrequire (\n\texample.com/Widgets v1.2.0\n)\n\n"
        "replace example.com/Widgets => ../widgets // a local checkout\n",
    )
    found = gomod.Resolver(env(modcache)).resolve("example.com/Widgets/api/v1", str(app))
    assert found == gomod.Location(str(local / "api/v1"), "example.com/Widgets", "", False)
    write(
        app / "go.mod",
        "module example.com/app\n\nrequire example.com/Widgets v1.2.0\n\n"
        'replace example.com/Widgets v1.2.0 => "example.com/fork/widgets" v1.3.0\n',
    )
    found = gomod.Resolver(env(modcache)).resolve("example.com/Widgets/api/v1", str(app))
    assert found is not None
    assert found.directory == str(modcache / "example.com/fork/widgets@v1.3.0/api/v1")
    assert (found.module, found.version) == ("example.com/fork/widgets", "v1.3.0")


def test_a_go_work_workspace_resolves_its_modules_and_its_replaces_win(
    tmp_path: Path, modcache: Path
) -> None:
    write(tmp_path / "go.work", "go 1.22\n\nuse (\n\t./app\n\t./lib\n)\n")
    write(tmp_path / "app/go.mod", "module example.com/app\n\nrequire example.com/Widgets v1.2.0\n")
    write(tmp_path / "lib/go.mod", "module example.com/lib\n")
    write(tmp_path / "lib/types/t.go", "package types\n")
    resolver = gomod.Resolver(env(modcache, gowork=""))
    found = resolver.resolve("example.com/lib/types", str(tmp_path / "app"))
    assert found is not None and found.directory == str(tmp_path / "lib/types")
    # GOWORK=off: the workspace is not used
    off = gomod.Resolver(env(modcache, gowork="off"))
    assert off.resolve("example.com/lib/types", str(tmp_path / "app")) is None
    # the go.work's replace wins over the go.mod's
    write(tmp_path / "checkout/api/v1/types.go", WIDGET_TYPES)
    write(
        tmp_path / "go.work",
        "go 1.22\n\nuse ./app\n\nreplace example.com/Widgets => ./checkout\n",
    )
    write(
        tmp_path / "app/go.mod",
        "module example.com/app\n\nrequire example.com/Widgets v1.2.0\n\n"
        "replace example.com/Widgets v1.2.0 => example.com/fork/widgets v1.3.0\n",
    )
    found = gomod.Resolver(env(modcache, gowork="")).resolve(
        "example.com/Widgets/api/v1", str(tmp_path / "app")
    )
    assert found is not None and found.directory == str(tmp_path / "checkout/api/v1")


def test_vendor_directory_unless_mod_is_mod(tmp_path: Path, modcache: Path) -> None:
    app = tmp_path / "app"
    write(
        app / "go.mod", "module example.com/app\n\ngo 1.22\n\nrequire example.com/Widgets v1.2.0\n"
    )
    write(
        app / "vendor/modules.txt",
        "# example.com/Widgets v1.2.0\n## explicit\nexample.com/Widgets/api/v1\n",
    )
    write(app / "vendor/example.com/Widgets/api/v1/types.go", WIDGET_TYPES)
    found = gomod.Resolver(env(modcache)).resolve("example.com/Widgets/api/v1", str(app))
    assert found == gomod.Location(
        str(app / "vendor/example.com/Widgets/api/v1"), "example.com/Widgets", "v1.2.0", False
    )
    moded = gomod.Resolver(env(modcache, mod_flag="mod")).resolve(
        "example.com/Widgets/api/v1", str(app)
    )
    assert moded is not None and moded.immutable and str(modcache) in moded.directory


def test_the_longest_required_module_that_holds_the_package_provides_it(tmp_path: Path) -> None:
    cache = tmp_path / "modcache"
    write(cache / "example.com/a@v1.0.0/x/x.go", "package x\n")
    write(cache / "example.com/a/sub@v0.1.0/pkg/p.go", "package pkg\n")
    app = tmp_path / "app"
    write(
        app / "go.mod",
        "module app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/a/sub v0.1.0\n)\n",
    )
    resolver = gomod.Resolver(env(cache))
    sub = resolver.resolve("example.com/a/sub/pkg", str(app))
    assert sub is not None and sub.directory == str(cache / "example.com/a/sub@v0.1.0/pkg")
    top = resolver.resolve("example.com/a/x", str(app))
    assert top is not None and top.directory == str(cache / "example.com/a@v1.0.0/x")
    # a dotless main module's own packages are its own, not the standard library's
    write(app / "internal/y/y.go", "package y\n")
    own = resolver.resolve("app/internal/y", str(app))
    assert own is not None and own.directory == str(app / "internal/y")


def test_a_gopath_project_resolves_vendor_first_then_its_own_packages(tmp_path: Path) -> None:
    """Without go.mod (dep, glide), imports resolve as the go command does in
    GOPATH mode: the nearest vendor/ directory from the importing package up
    to the project's root, then the project's own packages under the import
    path its files use for them; another project's package is not found."""
    root = tmp_path / "proj"
    write(root / "Gopkg.toml", "")
    write(
        root / "cmd/app/main.go",
        'package main\n\nimport (\n\t"github.com/acme/proj/kubeapi"\n'
        '\tapi "k8s.io/api/core/v1"\n\t"github.com/other/thing"\n)\n',
    )
    write(root / "kubeapi/get.go", "package kubeapi\n")
    write(root / "vendor/k8s.io/api/core/v1/types.go", "package v1\n")
    write(root / "cmd/app/vendor/k8s.io/api/core/v1/types.go", "package v1\n")
    loader = DependencyLoader()
    app = str(root / "cmd/app")
    nearest = loader.locate("k8s.io/api/core/v1", app)
    assert nearest is not None
    assert nearest.directory == str(root / "cmd/app/vendor/k8s.io/api/core/v1")
    outer = loader.locate("k8s.io/api/core/v1", str(root / "kubeapi"))
    assert outer is not None and outer.directory == str(root / "vendor/k8s.io/api/core/v1")
    own = loader.locate("github.com/acme/proj/kubeapi", app)
    assert own is not None and own.directory == str(root / "kubeapi")
    assert own.module == "github.com/acme/proj"
    assert loader.locate("github.com/other/thing", app) is None
    assert loader.locate("fmt", app) is None


def test_a_gopath_projects_packages_read_each_others_facts_from_source(tmp_path: Path) -> None:
    """A GOPATH project has no go.mod to name its module: a package of it
    imported from another of its packages is still one of the project's own,
    so the facts computed from its source see the packages it imports (here
    a function of a third package whose parameter is an interface{}, which
    the declarations leave out: the decoded zero value reaches the caller)."""
    module = ROOT / "golden/nil-map-field-write/returned_by_other_package"
    root = tmp_path / "proj"
    write(root / "Gopkg.toml", "")
    for name in ("cli/cli.go", "config/config.go", "cmd/login.go"):
        text = (module / name).read_text()
        write(root / name, text.replace("example.com/returnedfields", "github.com/acme/proj"))
    out = gofixmap("--no-cache", "--format", "json", ".", cwd=root)
    lines = {
        (f["path"].split("/")[0], f["line"], f["message"].split(": ", 1)[1].split(" ")[0])
        for f in json.loads(out.stdout)["findings"]
    }
    assert ("cmd", 57, "config.ReadLocal") in lines, out.stdout
    assert ("cmd", 9, "config.Read") in lines, out.stdout
    assert not any(line == 62 for _, line, _ in lines), out.stdout  # Prepared: not decoded


def test_declarations_are_qualified_and_cover_embedded_fields_aliases_and_signatures(
    tmp_path: Path,
) -> None:
    write(
        tmp_path / "p/a.go",
        """package p

import (
	"time"

	meta "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type Labels map[string]string

type Alias = Labels

type Box[T any] struct {
	Items map[string]T
}

type Object struct {
	meta.ObjectMeta
	*Inner
	Tags    Labels
	Timeout time.Duration
	Nested  map[string]map[string]*Object // a comment
}

type Inner struct{ Data map[string][]byte }

func (o *Object) Selector() map[string]Labels { return nil }

func New(name string, opts ...time.Duration) Labels { return nil }

func unexported() map[string]int { return nil }
""",
    )
    write(tmp_path / "p/a_test.go", "package p\n\ntype TestOnly struct{}\n")
    write(tmp_path / "p/ignored.go", "//go:build ignore\n\npackage main\n\ntype Tool struct{}\n")
    decls = parse_package(str(tmp_path / "p"), "example.com/p")
    assert decls is not None and decls.name == "p"
    assert set(decls.types) == {"Labels", "Alias", "Box", "Object", "Inner"}
    assert decls.types["Labels"].type_text == "map[string]string"
    assert decls.types["Alias"].kind == "alias"
    assert decls.types["Alias"].type_text == "example.com/p.Labels"
    assert decls.types["Box"].generic and decls.types["Box"].fields == (
        ("Items", "map[string]T", False),
    )
    assert decls.types["Object"].fields == (
        ("ObjectMeta", "k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta", True),
        ("Inner", "*example.com/p.Inner", True),
        ("Tags", "example.com/p.Labels", False),
        ("Timeout", "time.Duration", False),
        ("Nested", "map[string]map[string]*example.com/p.Object", False),
    )
    assert decls.funcs["Object.Selector"].results == ("map[string]example.com/p.Labels",)
    assert decls.funcs["New"].params == ("string", "...time.Duration")
    assert "unexported" not in decls.funcs


def test_which_typeless_files_are_parsed_is_the_callers_data(tmp_path: Path) -> None:
    """The engine's loader knows no map: without signatures it reads every
    file; the rules' loader skips a file with neither a type nor a function
    whose signature names a map."""
    write(tmp_path / "q/maps.go", "package q\n\nfunc Labels() map[string]string { return nil }\n")
    write(tmp_path / "q/other.go", 'package q\n\nfunc Name() string { return "" }\n')
    every = parse_package(str(tmp_path / "q"), "example.com/q")
    assert every is not None and set(every.funcs) == {"Labels", "Name"}
    some = parse_package(str(tmp_path / "q"), "example.com/q", rules.DECLARATION_SIGNATURES)
    assert some is not None and set(some.funcs) == {"Labels"}
    assert rules.dependency_loader().signatures == rules.DECLARATION_SIGNATURES


def test_exported_types_of_a_dependency(tmp_path: Path, modcache: Path) -> None:
    from gofixmap.rules.facts.exports import exported_types, render

    decls = parse_package(
        str(modcache / "example.com/!widgets@v1.2.0/api/v1"), "example.com/Widgets/api/v1"
    )
    assert decls is not None
    types = exported_types(decls)
    assert types.api  # Widget embeds metav1.ObjectMeta
    assert types.named_maps == {"Selector": "map[string]string"}
    spec = types.structs["WidgetSpec"]
    assert spec.maps == {
        "Selector": "example.com/Widgets/api/v1.Selector",
        "Settings": "map[string]string",
    }
    assert spec.fields == {"Replicas": "*int32"}
    assert types.structs["Widget"].embeds == (
        "k8s.io/apimachinery/pkg/apis/meta/v1.TypeMeta",
        "k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta",
    )
    names = {"example.com/Widgets/api/v1": "widgetsv1"}
    assert render("map[string]example.com/Widgets/api/v1.Selector", names) == (
        "map[string]widgetsv1.Selector"
    )
    assert render("k8s.io/api/core/v1.ResourceList", names) is None  # not imported


def test_declarations_are_cached_on_disk_per_module_version(
    tmp_path: Path, modcache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = tmp_path / "app"
    write(app / "go.mod", "module example.com/app\n\nrequire example.com/Widgets v1.2.0\n")
    write(app / "c/c.go", "package c\n")
    cache_dir = tmp_path / "cache"

    def loader() -> DependencyLoader:
        made = rules.dependency_loader(cache_dir)
        made.resolver = gomod.Resolver(env(modcache))
        return made

    first = loader()
    cold = first.declarations("example.com/Widgets/api/v1", str(app / "c"))
    assert cold is not None and first.parsed == 1
    assert first.declarations("example.com/Widgets/api/v1", str(app / "c")) is cold  # memo
    second = loader()
    warm = second.declarations("example.com/Widgets/api/v1", str(app / "c"))
    assert second.parsed == 0 and warm == cold  # read from disk, no parse
    # a forged entry (no MAC key) is a miss: parsed again
    for entry in (cache_dir / f"v{cache.FORMAT}").rglob("*"):
        if entry.is_file() and not entry.name.startswith("."):
            entry.write_bytes(entry.read_bytes()[:-1] + b"x")
    third = loader()
    assert third.declarations("example.com/Widgets/api/v1", str(app / "c")) == cold
    assert third.parsed == 1


def test_a_local_replacement_is_cached_by_content(tmp_path: Path) -> None:
    local = tmp_path / "widgets"
    types = write(local / "api/v1/types.go", WIDGET_TYPES)
    app = tmp_path / "app"
    write(
        app / "go.mod",
        "module example.com/app\n\nrequire example.com/widgets v0.0.0\n\n"
        "replace example.com/widgets => ../widgets\n",
    )
    cache_dir = tmp_path / "cache"
    first = rules.dependency_loader(cache_dir).declarations("example.com/widgets/api/v1", str(app))
    assert first is not None and "Extra" not in first.types["WidgetSpec"].fields.__repr__()
    types.write_text(WIDGET_TYPES.replace("\tReplicas", "\tExtra map[int]int\n\tReplicas"))
    loader = rules.dependency_loader(cache_dir)
    second = loader.declarations("example.com/widgets/api/v1", str(app))
    assert second is not None and loader.parsed == 1
    assert ("Extra", "map[int]int", False) in second.types["WidgetSpec"].fields


def _crd_modules(tmp_path: Path) -> Path:
    """An app module whose controller writes the maps of a CRD type of another
    module (replaced by a local directory)."""
    write(tmp_path / "widgets/go.mod", "module example.com/widgets\n")
    write(tmp_path / "widgets/api/v1/types.go", WIDGET_TYPES)
    app = tmp_path / "app"
    write(
        app / "go.mod",
        "module example.com/app\n\ngo 1.22\n\nrequire example.com/widgets v0.0.0\n\n"
        "replace example.com/widgets => ../widgets\n",
    )
    write(app / "controllers/configure.go", APP)
    return app


def test_nm004_reports_maps_of_a_crd_type_of_another_module(tmp_path: Path) -> None:
    app = _crd_modules(tmp_path)
    out = gofixmap("--format", "json", "--no-cache", "--select", "NM004", ".", cwd=app)
    document = json.loads(out.stdout)
    messages = sorted(f["message"] for f in document["findings"])
    assert messages == [
        "write to w.Labels, which may be nil: w is a parameter",
        "write to w.Spec.Settings, which may be nil: w is a parameter",
    ], out.stderr
    # the app's go.mod does not require k8s.io/apimachinery: ObjectMeta's
    # Labels come from the built-in table, and the output says so
    assert document["builtin_types"] == ["k8s.io/apimachinery/pkg/apis/meta/v1"]
    fixed = gofixmap("-d", "--no-cache", "--select", "NM004", ".", cwd=app)
    assert "+\tif w.Spec.Settings == nil {" in fixed.stdout
    assert "SetMetaDataLabel(&w.ObjectMeta" in fixed.stdout


def test_the_result_cache_sees_a_change_in_a_dependency(tmp_path: Path) -> None:
    app = _crd_modules(tmp_path)
    cache = tmp_path / "cache"
    types = tmp_path / "widgets/api/v1/types.go"
    types.write_text(WIDGET_TYPES.replace("Settings map[string]string", "Settings string"))
    args = ("--format", "json", "--select", "NM004", ".")
    first = json.loads(gofixmap(*args, cwd=app, GOFIXMAP_CACHE_DIR=str(cache)).stdout)
    assert [f["message"] for f in first["findings"]] == [
        "write to w.Labels, which may be nil: w is a parameter"
    ]
    types.write_text(WIDGET_TYPES)  # the dependency's field becomes a map
    second = json.loads(gofixmap(*args, cwd=app, GOFIXMAP_CACHE_DIR=str(cache)).stdout)
    assert len(second["findings"]) == 2


def test_the_result_cache_sees_a_module_arrive_in_the_module_cache(tmp_path: Path) -> None:
    app = tmp_path / "app"
    write(
        app / "go.mod",
        "module example.com/app\n\ngo 1.22\n\nrequire example.com/widgets v1.0.0\n",
    )
    write(app / "controllers/configure.go", APP)
    cache, modcache = tmp_path / "cache", tmp_path / "modcache"
    modcache.mkdir()
    variables = {"GOFIXMAP_CACHE_DIR": str(cache), "GOMODCACHE": str(modcache), "GOFLAGS": ""}
    args = ("--format", "json", "--select", "NM004", ".")
    before = json.loads(gofixmap(*args, cwd=app, **variables).stdout)
    assert before["findings"] == []  # nothing known of the type: silent
    write(modcache / "example.com/widgets@v1.0.0/api/v1/types.go", WIDGET_TYPES)
    after = json.loads(gofixmap(*args, cwd=app, **variables).stdout)
    assert len(after["findings"]) == 2


CORE = """package c

import (
	corev1 "k8s.io/api/core/v1"
)

func Label(pod *corev1.Pod) {
	pod.Labels["a"] = "b"
}
"""


def _k8s_module(tmp_path: Path) -> Path:
    golden = ROOT / "golden" / "nil-k8s-map-write"
    module = tmp_path / "m"
    module.mkdir()
    shutil.copy(golden / "go.mod", module / "go.mod")
    shutil.copy(golden / "go.sum", module / "go.sum")
    write(module / "c/c.go", CORE)
    return module


def test_the_builtin_table_is_the_fallback_and_the_output_says_so(tmp_path: Path) -> None:
    module = _k8s_module(tmp_path)
    empty = tmp_path / "empty-modcache"
    empty.mkdir()
    variables = {"GOMODCACHE": str(empty), "GOFLAGS": ""}
    text = gofixmap("--no-cache", "--select", "NM004", ".", cwd=module, **variables)
    assert "c/c.go:8:2: NM004 write to pod.Labels, which may be nil" in text.stdout
    assert (
        "gofixmap: types of k8s.io/api/core/v1, k8s.io/apimachinery/pkg/apis/meta/v1 came"
        " from the built-in table" in text.stderr
    )
    as_json = gofixmap("--format", "json", "--no-cache", ".", cwd=module, **variables)
    document = json.loads(as_json.stdout)
    assert document["builtin_types"] == [
        "k8s.io/api/core/v1",
        "k8s.io/apimachinery/pkg/apis/meta/v1",
    ]
    assert "built-in table" not in as_json.stderr  # JSON: the field says it
    # answered by the result cache, the run says it again
    cached = {"GOFIXMAP_CACHE_DIR": str(tmp_path / "cache"), **variables}
    for _ in range(2):
        again = gofixmap("--select", "NM004", ".", cwd=module, **cached)
        assert "c/c.go:8:2: NM004" in again.stdout
        assert "came from the built-in table" in again.stderr


def test_with_the_module_cache_no_type_comes_from_the_table(tmp_path: Path) -> None:
    require_module_deps(ROOT / "golden" / "nil-k8s-map-write")
    module = _k8s_module(tmp_path)
    out = gofixmap("--format", "json", "--no-cache", "--select", "NM004", ".", cwd=module)
    document = json.loads(out.stdout)
    assert [f["message"] for f in document["findings"]] == [
        "write to pod.Labels, which may be nil: pod is a parameter"
    ]
    assert document["builtin_types"] == []
    text = gofixmap("--no-cache", "--select", "NM004", ".", cwd=module)
    assert "built-in table" not in text.stderr


def test_the_environment_agrees_with_go_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GOMODCACHE and GOFLAGS as the real ``go env`` reports them, from the
    environment or the file ``go env -w`` writes, without running go."""
    from gofixmap.codemod.toolchain import ToolchainError, find_go

    try:
        toolchain = find_go()
    except ToolchainError:
        pytest.skip("no Go toolchain")
    for name in ("GOMODCACHE", "GOPATH", "GOFLAGS", "GOWORK"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GOENV", str(tmp_path / "env"))
    environ = {**os.environ, **toolchain.env()}

    def go_env(name: str) -> str:
        done = subprocess.run(
            [str(toolchain.go), "env", name], env=environ, capture_output=True, text=True
        )
        return done.stdout.strip()

    gomod.reset_environment()
    assert gomod.environment().gomodcache == go_env("GOMODCACHE")
    (tmp_path / "env").write_text(f"GOPATH={tmp_path / 'gopath'}\nGOFLAGS=-mod=mod\n")
    gomod.reset_environment()
    try:
        found = gomod.environment()
    finally:
        gomod.reset_environment()
    assert found.gomodcache == go_env("GOMODCACHE") == str(tmp_path / "gopath/pkg/mod")
    assert found.mod_flag == "mod" and go_env("GOFLAGS") == "-mod=mod"
    assert gomod.goroot(found) in (str(toolchain.goroot), os.environ.get("GOROOT", ""))


def test_nm004_on_options_structs_of_a_dependency_built_without_their_maps(
    tmp_path: Path,
) -> None:
    """A struct of a package that declares no API type (controller-runtime's
    options): nil when built by a literal that omits the map, or zero; a
    parameter of such a type says nothing."""
    modcache = tmp_path / "modcache"
    base = modcache / "sigs.k8s.io/controller-runtime@v0.22.0"
    write(
        base / "pkg/cache/cache.go",
        "package cache\n\ntype Config struct{ LabelSelector string }\n\n"
        "type Options struct {\n\tDefaultNamespaces map[string]Config\n}\n",
    )
    write(
        base / "pkg/manager/manager.go",
        'package manager\n\nimport "sigs.k8s.io/controller-runtime/pkg/cache"\n\n'
        "type Options struct {\n\tCache   cache.Options\n\tHeaders map[string]string\n}\n",
    )
    app = tmp_path / "app"
    write(
        app / "go.mod",
        "module example.com/app\n\ngo 1.22\n\nrequire sigs.k8s.io/controller-runtime v0.22.0\n",
    )
    write(
        app / "main.go",
        """package main

import (
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/manager"
)

func Literal() manager.Options {
	opts := manager.Options{}
	opts.Cache.DefaultNamespaces["team-a"] = cache.Config{}
	return opts
}

func Zero() manager.Options {
	var opts manager.Options
	opts.Headers["x"] = "y"
	return opts
}

func Param(opts *manager.Options) {
	opts.Headers["x"] = "y"
}

func Made() manager.Options {
	opts := manager.Options{Headers: map[string]string{}}
	opts.Headers["x"] = "y"
	return opts
}
""",
    )
    variables = {"GOMODCACHE": str(modcache), "GOFLAGS": ""}
    out = gofixmap("--format", "json", "--no-cache", "--select", "NM004", ".", cwd=app, **variables)
    document = json.loads(out.stdout)
    found = sorted((f["line"], f["message"]) for f in document["findings"])
    assert found == [
        (10, "write to opts.Cache.DefaultNamespaces, which may be nil: opts's literal does not"
         " set DefaultNamespaces"),
        (16, "write to opts.Headers, which may be nil: opts is declared without a value"),
    ], out.stderr  # fmt: skip
    fixed = gofixmap("-d", "--no-cache", "--select", "NM004", ".", cwd=app, **variables)
    assert "+\t\topts.Cache.DefaultNamespaces = make(map[string]cache.Config)" in fixed.stdout
    assert "+\t\topts.Headers = make(map[string]string)" in fixed.stdout


def test_a_gopath_project_is_one_module_for_the_facts_of_its_packages(tmp_path: Path) -> None:
    """Without a go.mod, the GOPATH project around a package (its root marked
    by Gopkg.toml, its import path read from the imports of its own
    packages) is the module that module facts span: a literal of another
    package of the project that leaves a map field out is evidence against a
    write to that field of a value handed in, as it is in a module."""
    module = ROOT / "golden/nil-map-field-write/local_origin_other_package"
    root = tmp_path / "proj"
    write(root / "Gopkg.toml", "")
    for path in sorted(module.rglob("*.go")):
        text = path.read_text().replace("example.com/localorigin", "github.com/acme/proj")
        write(root / path.relative_to(module), text)
    out = gofixmap("--no-cache", "--format", "json", "./registry", cwd=root)
    lines = {(f["rule"], f["line"]) for f in json.loads(out.stdout)["findings"]}
    assert lines == {("NM002", 14), ("NM002", 37)}, out.stdout


def test_only_a_dependency_managers_file_makes_a_gopath_module(tmp_path: Path) -> None:
    """A directory of loose Go files inside a checkout (``.git`` above it, no
    go.mod) is no module for module facts; the same tree with a Gopkg.toml
    at its root is one, under the import path its packages use."""
    from gofixmap.codemod.discover import gopath_module_of

    (tmp_path / ".git").mkdir()
    write(tmp_path / "model/model.go", "package model\n\ntype Labels map[string]string\n")
    write(
        tmp_path / "app/app.go",
        'package app\n\nimport "github.com/acme/proj/model"\n\nvar L model.Labels\n',
    )
    assert gopath_module_of(str(tmp_path / "app")) is None
    write(tmp_path / "Gopkg.toml", "")
    found = gopath_module_of(str(tmp_path / "app"))
    assert found is not None
    assert (found.root, found.path) == (tmp_path.resolve(), "github.com/acme/proj")
