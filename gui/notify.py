"""A desktop notification when a long job ends while the window is in the background."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon

log = logging.getLogger(__name__)
LONG_JOB_S = 20.0  # shorter jobs end before the user has looked away: no notification


class Notifier(QObject):
    """Tell the user that a job ended: a system-tray message, else the window's status bar.

    Parameters
    ----------
    window : QMainWindow
        The window whose activity decides whether to notify, and whose status bar is the fallback.

    Attributes
    ----------
    sent : list of (str, str, str)
        ``(title, text, how)`` of each notification, ``how`` being "tray" or "status bar".
    """

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self._tray: QSystemTrayIcon | None = None
        self.sent: list[tuple[str, str, str]] = []

    def job_ended(self, title: str, text: str, seconds: float) -> bool:
        """Notify if the job took at least :data:`LONG_JOB_S` and the window is not active.

        Returns whether a notification was sent.
        """
        if seconds < LONG_JOB_S or self.window.isActiveWindow():
            return False
        self.notify(title, text)
        return True

    def notify(self, title: str, text: str) -> str:
        """Show ``title`` / ``text`` now; return how ("tray" or "status bar")."""
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            if self._tray is None:
                self._tray = QSystemTrayIcon(self.window.windowIcon(), self)
                self._tray.messageClicked.connect(self._raise_window)
            self._tray.show()
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
            how = "tray"
        else:
            self.window.statusBar().showMessage(f"{title}: {text}", 30_000)
            QApplication.alert(self.window)  # the task bar entry flashes; the focus is not stolen
            how = "status bar"
        log.info("notified (%s): %s: %s", how, title, text)
        self.sent.append((title, text, how))
        return how

    def _raise_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
