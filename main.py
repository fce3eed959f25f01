"""GenAug Studio: with no arguments opens the GUI; with a sub-command runs the engine headless."""

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()  # first thing: a frozen child process must not start the app
    from engine.offline import forbid_network_if_asked

    forbid_network_if_asked()
    if len(sys.argv) > 1:
        from engine.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from gui.app import run_gui

    return run_gui()


if __name__ == "__main__":
    sys.exit(main())
