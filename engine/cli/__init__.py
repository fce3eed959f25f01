"""The command-line front end: argument parsing, terminal progress, and the self-test.

Nothing else in the engine imports this package (an import-linter contract): it sits on top of the
stages, beside the GUI, and calls the same engine functions the GUI calls.
"""

from engine.cli.args import build_parser
from engine.cli.main import EXIT_INTERRUPTED, EXIT_USER_ERROR, main

__all__ = ["EXIT_INTERRUPTED", "EXIT_USER_ERROR", "build_parser", "main"]
