"""Errors meant for the user: the CLI prints them as one line, the GUI shows them in a dialog."""


class UserError(Exception):
    """A problem the user can fix (bad path, empty dataset, refused target).

    The message is complete on its own: it names the file or folder and the reason.
    """


class Cancelled(Exception):
    """Raised inside a long task when ``should_stop()`` asked it to end early."""
