"""Rules of the code base that tests enforce: the engine never imports Qt; nothing goes online."""

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
