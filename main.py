"""GenAug Studio: with no arguments opens the GUI; with a sub-command runs the engine headless."""

import multiprocessing
import os
import sys


def main() -> int:
    multiprocessing.freeze_support()  # first thing: a frozen child process must not start the app
    from engine.offline import forbid_network_if_asked

    forbid_network_if_asked()
    if len(sys.argv) > 1:
        from engine.applog import setup_logging
        from engine.cli import main as cli_main

        setup_logging()  # the engine's logging records go to the same rotating log as the GUI's
        return cli_main(sys.argv[1:], window_check=_window_check)
    if os.environ.get("GENAUG_STARTUP_PROBE") == "1":  # benchmarks/startup.py: quit once shown
        from gui.selftest import run_startup_probe

        return run_startup_probe()
    from gui.app import run_gui

    return run_gui()


def _window_check(work_dir):
    """The GUI part of ``self-test``; Qt is imported only when the self-test gets this far."""
    from gui.selftest import check_main_window

    return check_main_window(work_dir)


if __name__ == "__main__":
    sys.exit(main())
