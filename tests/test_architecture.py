"""Rules of the code base that tests enforce: the engine never imports Qt; nothing goes online;
only engine.runs names the files of a run folder."""

import ast
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NETWORK_ATTEMPTS, NetworkBlocked

REPO = Path(__file__).resolve().parent.parent


def test_engine_imports_no_qt():
    """Import every engine module in a fresh interpreter and check no Qt module came with it."""
    code = (
        "import pkgutil, importlib, sys, engine\n"
        "for m in pkgutil.walk_packages(engine.__path__, 'engine.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'gui'))\n"
        "assert not bad, bad\n"
        "print(len([m for m in sys.modules if m.startswith('engine')]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 15


def test_import_linter_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter not installed in this environment")
    result = subprocess.run([str(lint)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout


def test_network_connections_are_blocked_and_recorded():
    before = len(NETWORK_ATTEMPTS)
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("203.0.113.1", 80), timeout=1)
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.com", 443)
    assert len(NETWORK_ATTEMPTS) == before + 2
    del NETWORK_ATTEMPTS[before:]  # expected here; any other test doing this fails


def test_subprocesses_inherit_the_network_guard():
    code = (
        "import runpy, sys; sys.argv = ['main.py', '--version']\n"
        "from engine.offline import forbid_network_if_asked, NetworkBlocked\n"
        "forbid_network_if_asked()\n"
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('203.0.113.1', 80), timeout=1)\n"
        "except NetworkBlocked:\n"
        "    print('blocked')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.strip() == "blocked", result.stderr


# ------------------------------------------------------------------ one owner for the run folder
def run_file_names_in(source: str) -> list[tuple[int, str]]:
    """(line, name) of every run-folder file name spelled in a string of ``source``, docstrings
    aside (they may describe the layout). File names count anywhere in a string; folder names
    (``samples``, ``checkpoints``, ...), common words, only as a whole string joined to a path
    (``run / "checkpoints"``, ``os.path.join(run, "samples")``)."""
    from engine.runs import files

    dotted = [n for n in files.ALL if "." in n]
    bare = {n for n in files.ALL if "." not in n}
    pattern = re.compile("|".join(rf"(?<![\w.]){re.escape(n)}(?!\w)" for n in dotted))
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    in_path = set()  # string constants joined to a path
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            in_path |= {id(node.left), id(node.right)}
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "join", "joinpath", "Path"):
            in_path |= {id(a) for a in node.args}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found += [(node.lineno, m.group()) for m in pattern.finditer(node.value)]
            if node.value in bare and id(node) in in_path:
                found.append((node.lineno, node.value))
    return found


def test_the_name_check_finds_what_it_should():
    assert run_file_names_in('p = run / "config.json"\nq = f"{run}/metrics.csv"\n') == [
        (1, "config.json"), (2, "metrics.csv")]
    assert run_file_names_in('d = run / "checkpoints"\nx = "dataset_card.json"\n') == [(1, "checkpoints")]
    assert run_file_names_in('d = os.path.join(run, "samples")\ntitle = "samples"\n') == [(1, "samples")]
    assert run_file_names_in('def f():\n    """Reads config.json."""\n') == []


def test_no_file_outside_engine_runs_names_a_run_folder_file():
    """engine.runs owns the run folder: every other module asks it for paths (issue 14)."""
    owner = REPO / "engine" / "runs"
    offenders = []
    for path in sorted([*REPO.glob("engine/**/*.py"), *REPO.glob("gui/**/*.py"),
                        *REPO.glob("benchmarks/*.py"), REPO / "main.py"]):
        if owner in path.parents:
            continue
        for line, name in run_file_names_in(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(REPO)}:{line}: {name}")
    assert not offenders, "ask engine.runs (RunFolder) instead:\n" + "\n".join(offenders)


# ------------------------------------------------------------------ size: a file does one thing
MAX_FILE_LINES = 400  # STYLE.md 12: past ~400 lines a file is probably two things
MAX_FUNCTION_LINES = 80  # a function longer than a screen and a half does more than one thing
SIZED_FOLDERS = ("engine", "gui")
# Exceptions, each with its reason: {"path": lines} for files, {"path:qualname": lines} for
# functions. Empty: every file and function fits.
SIZE_ALLOWED: dict[str, int] = {}


def oversized(source: str, path: str) -> list[str]:
    """``path (N lines)`` for the file and ``path:Class.function (N lines)`` for each function of
    ``source`` over the limits, unless :data:`SIZE_ALLOWED` excuses it (up to its size)."""
    found = []
    lines = len(source.splitlines())
    if lines > max(MAX_FILE_LINES, SIZE_ALLOWED.get(path, 0)):
        found.append(f"{path} ({lines} lines)")

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    length = child.end_lineno - child.lineno + 1
                    if length > max(MAX_FUNCTION_LINES, SIZE_ALLOWED.get(f"{path}:{name}", 0)):
                        found.append(f"{path}:{name} ({length} lines)")
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_the_size_check_finds_what_it_should():
    body = "\n".join(f"    x{i} = {i}" for i in range(80))
    source = f"class A:\n    def long(self):\n    {body.replace(chr(10), chr(10) + '    ')}\n"
    assert oversized(source, "a.py") == ["a.py:A.long (81 lines)"]
    assert oversized("def short():\n    return 1\n", "b.py") == []
    assert oversized("x = 1\n" * 401, "c.py") == ["c.py (401 lines)"]
    assert oversized("x = 1\n" * 400, "c.py") == []


def test_no_file_over_400_lines_and_no_function_over_80():
    """STYLE.md 12: a file does one thing; the allow-list above says why where one does not fit."""
    found = []
    for folder in SIZED_FOLDERS:
        for path in sorted((REPO / folder).rglob("*.py")):
            found += oversized(path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix())
    assert not found, "split these by meaning (or allow them above, saying why): " + ", ".join(found)
