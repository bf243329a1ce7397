"""The shape of the package (DESIGN.md §3): data walks one way, from the shared low layer through
the method packages to the report, the study and the command line; methods are found through
the registry, so a new method needs no shared file edited; and `import klantreis` stays light.

The import graph is read from the source with `ast`, not by importing: an import inside a
function counts as soon as it is written, not only when a test happens to call the function.
`lazy()` and `methods()` import by name through importlib, which the graph does not see; that
is the one door a lower layer may use to reach a method.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import pytest

import klantreis

PACKAGE_DIR = Path(klantreis.__file__).parent
PACKAGE = "klantreis"

# The layers, lowest first. A module may import its own layer and the layers below it.
# `klantreis.report` (the package's __init__) holds the low helpers docx and numbers, so it is low.
# A method's `cli` module is the command line of that method: it sits with the CLI on top, where
# studies are opened (`arguments.open_study`). Patterns are tried top layer first.
LAYERS = {
    "low": ["klantreis", "klantreis.errors", "klantreis.files", "klantreis.validation", "klantreis.privacy",
            "klantreis.redactie", "klantreis.cache", "klantreis.deduce_cache",
            "klantreis.resources", "klantreis.instruments", "klantreis.methods", "klantreis.stats",
            "klantreis.stats.*", "klantreis.figures", "klantreis.figures.*", "klantreis.report",
            "klantreis.report.docx", "klantreis.report.numbers", "klantreis.report.pdf", "klantreis.werksessie",
            "klantreis.teksten", "klantreis.report.bewijs", "klantreis.report.leesbaarheid",
            "klantreis.report.afkortingen", "klantreis.report.afkortingen_vinden"],
    "middle": ["klantreis.schaduwreis", "klantreis.schaduwreis.*", "klantreis.klantreizen",
               "klantreis.klantreizen.*", "klantreis.verkenning", "klantreis.verkenning.*",
               "klantreis.effectenarena", "klantreis.effectenarena.*",
               "klantreis.gezamenlijke_reis", "klantreis.gezamenlijke_reis.*",
               "klantreis.context", "klantreis.context.*", "klantreis.stakeholders", "klantreis.stakeholders.*",
               "klantreis.kenmerken", "klantreis.kenmerken.*"],
    "high": ["klantreis.study", "klantreis.arguments", "klantreis.report.compose", "klantreis.report.sections",
             "klantreis.report.sections.*", "klantreis.cli", "klantreis.benchmark", "klantreis.benchmark_studie",
             "klantreis.*.cli", "klantreis.privacyscan", "klantreis.redactiemeting", "klantreis.report.publiek",
             "klantreis.report.per_gemeente", "klantreis.publieksversie_cli", "klantreis.report.herbouw"],
}
RANK = {name: rank for rank, name in enumerate(LAYERS)}
METHOD_PACKAGES = ["klantreis.schaduwreis", "klantreis.klantreizen", "klantreis.verkenning",
                   "klantreis.gezamenlijke_reis", "klantreis.effectenarena", "klantreis.context", "klantreis.stakeholders",
                   "klantreis.kenmerken"]
# The one dependency between methods the method itself has: interviews follow the designed
# journey, so the klantreizen read the schaduwreis model. Everything else goes through the build.
METHOD_DEPENDS = {"klantreis.klantreizen": {"klantreis.schaduwreis"},
                  # the session's handout is made from the meta-analyse of the klantreizen
                  "klantreis.gezamenlijke_reis": {"klantreis.klantreizen", "klantreis.schaduwreis"},
                  # the kenmerken reuse the klantreizen' statistic per code group (aspect_statistics)
                  "klantreis.kenmerken": {"klantreis.klantreizen"}}
HEAVY = ["pandas", "matplotlib", "docx", "numpy", "scipy"]


# --- reading the import graph from the source ------------------------------------------------------

def _module_files() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = _module_files()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.Module, in_functions: bool):
    """Import statements that run when the module is imported (top level, `if`/`try` blocks,
    class bodies), plus, with `in_functions`, those inside functions. `if TYPE_CHECKING:`
    blocks never run and are skipped."""
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node):
            todo.extend(node.orelse)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and not in_functions:
            continue
        else:
            todo.extend(ast.iter_child_nodes(node))


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The kit's modules one import statement names: `from ..x import y` is the submodule x.y
    when there is one, else x itself."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            is_package = MODULES[module].name == "__init__.py"
            base = module.split(".")
            base = base[: len(base) - node.level + (1 if is_package else 0)]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        names = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source
                 for alias in node.names]
    found = set()
    for name in names:
        # `import klantreis.a.b` names klantreis.a.b; keep the longest prefix that is a module of the kit
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name.startswith(PACKAGE) and name != module:
            found.add(name)
    return found


def import_graph(in_functions: bool) -> dict[str, dict[str, int]]:
    """module → {imported module of the kit: line of the first such import}."""
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges: dict[str, int] = {}
        for node in _import_nodes(tree, in_functions):
            for target in _targets(module, node):
                edges[target] = min(edges.get(target, node.lineno), node.lineno)
        graph[module] = edges
    return graph


def tangles(graph: dict[str, dict[str, int]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan): sets of modules
    that each reach all the others."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(set(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(components, key=min)


def find_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One shortest cycle per tangle, written as a path a → b → … → a."""
    return [_cycle_in(graph, component) for component in tangles(graph)]


def _cycle_in(graph, component: set[str]) -> list[str]:
    """A shortest cycle through the first module (by name) of a strongly connected component."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v]):
                if w == start:
                    return paths[v] + [start]
                if w in component and w not in paths:
                    paths[w] = paths[v] + [w]
                    nxt.append(w)
        frontier = nxt
    raise AssertionError("a strongly connected component without a cycle")


def _show(graph) -> str:
    """Per tangle: one cycle with the file and line of each import, and every module caught in it."""
    def step(a, b):
        return f"{a} → {b} ({MODULES[a].relative_to(PACKAGE_DIR.parent)}:{graph[a][b]})"
    return "\n".join("  " + ";  ".join(step(a, b) for a, b in zip(c, c[1:]))
                     + f"\n    (modules in this tangle: {', '.join(sorted(t))})"
                     for c, t in zip(find_cycles(graph), tangles(graph)))


def layer(module: str) -> str | None:
    for name, patterns in reversed(LAYERS.items()):
        if any(fnmatch(module, p) for p in patterns):
            return name
    return None


def method_package(module: str) -> str | None:
    return next((p for p in METHOD_PACKAGES if module == p or module.startswith(p + ".")), None)


# --- the tests ----------------------------------------------------------------------------------

def test_the_graph_reader_sees_relative_imports_of_submodules():
    """The reader itself: `from . import figures` in klantreizen.report is the submodule
    klantreizen.figures, `from ..methods import …` in a method's __init__ is klantreis.methods."""
    graph = import_graph(in_functions=False)
    assert "klantreis.klantreizen.figures" in graph["klantreis.klantreizen.report"]
    assert "klantreis.methods" in graph["klantreis.klantreizen"]
    assert "klantreis.report.compose" not in graph["klantreis.methods"]
    # imports inside functions only show up in the second graph
    inside = import_graph(in_functions=True)
    assert "klantreis.figures" not in graph["klantreis.report.compose"]
    assert "klantreis.figures" in inside["klantreis.report.compose"]


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1, "d": 1}, "d": {}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b": 1}, "b": {}}) == []


def test_modules_importing_each_other_at_import_time_form_no_cycle():
    graph = import_graph(in_functions=False)
    cycles = find_cycles(graph)
    assert not cycles, "import cycles at module level:\n" + _show(graph)


def test_imports_inside_functions_form_no_cycle_either():
    """A cycle through an import inside a function works at run time, but it ties two layers
    together both ways. The registry's importlib (`lazy`, `methods()`) is the only allowed
    way back up, and `ast` does not see it."""
    graph = import_graph(in_functions=True)
    cycles = find_cycles(graph)
    assert not cycles, "import cycles when imports inside functions count too:\n" + _show(graph)


def test_every_module_has_a_layer():
    unplaced = [m for m in MODULES if layer(m) is None]
    assert not unplaced, f"modules in no layer of this test (add them to LAYERS): {unplaced}"


def test_no_lower_layer_imports_a_higher_one():
    graph = import_graph(in_functions=True)
    upward = [f"{a} ({layer(a)}) → {b} ({layer(b)})  [{MODULES[a].relative_to(PACKAGE_DIR.parent)}:{line}]"
              for a, edges in sorted(graph.items()) for b, line in sorted(edges.items())
              if layer(a) and layer(b) and RANK[layer(b)] > RANK[layer(a)]]
    assert not upward, "imports from a lower layer into a higher one:\n  " + "\n  ".join(upward)


def test_a_method_reads_another_method_only_through_the_build():
    """No method package imports another method package at import time (except the declared
    METHOD_DEPENDS); a method that needs another method's numbers asks `build.analysis(name)`."""
    graph = import_graph(in_functions=False)
    crossing = [f"{a} → {b}  [{MODULES[a].relative_to(PACKAGE_DIR.parent)}:{line}]"
                for a, edges in sorted(graph.items()) for b, line in sorted(edges.items())
                if method_package(a) and method_package(b) and method_package(a) != method_package(b)
                and method_package(b) not in METHOD_DEPENDS.get(method_package(a), set())]
    assert not crossing, "method packages importing another method package:\n  " + "\n  ".join(crossing)


def test_importing_the_kit_and_reading_the_registry_loads_no_heavy_library():
    """`klantreis --help` and the registry start fast: no pandas, matplotlib, docx, numpy or scipy."""
    code = (
        "import sys\n"
        "import klantreis, klantreis.methods\n"
        "names = [m.name for m in klantreis.methods.methods()]\n"
        "import klantreis.cli\n"
        f"heavy = [h for h in {HEAVY!r} if h in sys.modules]\n"
        "print(','.join(names))\n"
        "print('heavy:', ','.join(heavy))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    names, heavy = result.stdout.splitlines()[-2:]
    shipped = ["context", "schaduwreis", "klantreizen", "stakeholders", "gezamenlijke_reis", "effectenarena",
               "verkenning"]
    assert [n for n in names.split(",") if n in shipped] == shipped
    assert heavy == "heavy: ", f"loaded by import klantreis / methods() / import klantreis.cli: {heavy}"


# --- a method from outside brings its own section, subcommand, settings and loader -----------------

TOY = "toymethode"
TOY_CHAPTER = "Toyhoofdstuk"


def _toy_method():
    from klantreis.methods import Method, Section
    from klantreis.validation import Model

    class ToySettings(Model):
        kleur: str = "oranje"
        aantal: int = 3

    def toy_command(args) -> int:
        print("toy draait")
        return 0

    def commands(sub) -> None:
        p = sub.add_parser("toy", help="Een speelgoedmethode")
        p.set_defaults(run=toy_command)

    def add(report, build, prepared) -> None:
        report.heading(TOY_CHAPTER, 1)
        report.paragraph(f"Een hoofdstuk van {prepared}.")

    def load(ctx) -> dict:
        return {"toy_parts": 42}

    method = Method(name=TOY, title="Speelgoed", settings={"toy": ToySettings}, load=load, commands=commands,
                    sections=(Section("toy", add=add, prepare=lambda build: "de speelgoedmethode",
                                      plaats="hoofdstuk"),))
    return method, ToySettings


@pytest.fixture
def toy():
    from klantreis import methods

    method, settings = _toy_method()
    methods.register(method)
    try:
        yield method, settings
    finally:
        methods.unregister(TOY)


def _headings(path: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs if p.style.name == "Heading 1"]


def test_a_new_method_brings_settings_a_loader_a_subcommand_and_a_chapter(toy, demo_copy, tmp_path, capsys):
    from klantreis import cli
    from klantreis.report.compose import build_report
    from klantreis.study import load_study

    _, settings = toy
    study = load_study(demo_copy)
    assert study.toy_parts == 42
    assert study.settings.toy == settings()

    assert cli.main(["toy"]) == 0
    assert "toy draait" in capsys.readouterr().out

    headings = _headings(build_report(study, tmp_path / "r.docx"))
    assert TOY_CHAPTER in headings
    position = headings.index(TOY_CHAPTER)
    # a method's own chapter comes after the comparison of the municipalities, before the answers
    assert headings.index("Vergelijking van de gemeenten") < position < headings.index("Terug naar de vraagstelling")


def test_an_unregistered_method_leaves_no_trace_in_the_next_report(demo_copy, tmp_path):
    from klantreis import methods
    from klantreis.report.compose import build_report
    from klantreis.study import load_study

    method, _ = _toy_method()
    methods.register(method)
    try:
        assert TOY_CHAPTER in _headings(build_report(load_study(demo_copy), tmp_path / "met.docx"))
    finally:
        methods.unregister(TOY)
    assert TOY not in [m.name for m in methods.methods()]
    assert TOY_CHAPTER not in _headings(build_report(load_study(demo_copy), tmp_path / "zonder.docx"))


def test_the_shared_files_do_not_know_the_methods_by_name():
    """The promise of the registry: the study loader, the command line and the report builder
    name no method; they iterate over `methods()`."""
    for relative in ("study.py", "cli.py", "report/compose.py"):
        text = (PACKAGE_DIR / relative).read_text(encoding="utf-8")
        for name in (TOY, "schaduwreis", "klantreizen", "verkenning"):
            assert f'"{name}"' not in text and f"'{name}'" not in text, (relative, name)
