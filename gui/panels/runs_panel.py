"""Runs: the run folders of the workspace; open, continue, rename or delete one.

Rename and delete are quick file operations done here (through :func:`engine.runs.rename_run` and
:func:`engine.runs.delete_run`, which refuse anything outside the workspace). Open and Continue need
the dataset and the Train panel, so this panel only asks for them with a signal; the main window
does the rest.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.errors import UserError
from engine.runs import RunFolder, RunInfo, delete_run, list_runs, rename_run
from gui.engine_text import engine_text
from gui.i18n import translate
from gui.panels.base import Panel, preview
from gui.state import AppState

COLUMNS = [QT_TRANSLATE_NOOP("RunsPanel", "Run"), QT_TRANSLATE_NOOP("RunsPanel", "Model"),
           QT_TRANSLATE_NOOP("RunsPanel", "Steps"), QT_TRANSLATE_NOOP("RunsPanel", "State"),
           QT_TRANSLATE_NOOP("RunsPanel", "Last update")]


class RunsPanel(Panel):
    """A table of ``list_runs(state.runs_root)`` with Open, Continue, Rename and Delete.

    Parameters
    ----------
    state : AppState
        The shared state: its workspace, the run being trained and the opened run.
    parent : QWidget, optional
        Qt parent.

    Signals
    -------
    open_requested(object)
        The user wants Gallery and Export to use this run folder (a Path).
    continue_requested(object)
        The user wants to continue training this unfinished run folder (a Path).
    preferences_requested()
        The user pressed "Change…" beside the workspace folder.

    Attributes
    ----------
    runs : list of RunInfo
        The rows of the table, in order (most recently updated first).
    """

    open_requested = Signal(object)
    continue_requested = Signal(object)
    preferences_requested = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.runs: list[RunInfo] = []
        self._trained: set[Path] = set()  # rows whose folder holds a checkpoint

        self.workspace_label = QLabel()
        self.workspace_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_button = change = QPushButton()
        change.clicked.connect(self.preferences_requested)
        self.refresh_button = QPushButton()
        self.workspace_title = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.workspace_title)
        top.addWidget(self.workspace_label, 1)
        top.addWidget(change)
        top.addWidget(self.refresh_button)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)

        self.open_button = QPushButton()
        self.continue_button = QPushButton()
        self.rename_button = QPushButton()
        self.delete_button = QPushButton()
        buttons = QHBoxLayout()
        for b in (self.open_button, self.continue_button, self.rename_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(self.detail_label)

        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.continue_button.clicked.connect(self._on_continue_clicked)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self._on_open_clicked)
        state.runs_changed.connect(self.refresh)
        state.run_changed.connect(self.refresh)
        self._retranslate()

    def _retranslate(self) -> None:
        self.change_button.setText(self.tr("Change…"))
        self.change_button.setToolTip(self.tr("Choose the workspace folder in Preferences"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the workspace folder again"))
        self.workspace_title.setText(self.tr("Workspace:"))
        self.workspace_label.setToolTip(self.tr("The folder where new runs are saved"))
        self.table.setHorizontalHeaderLabels([translate("RunsPanel", c) for c in COLUMNS])
        self.table.setToolTip(self.tr("The runs of the workspace, most recently updated first; "
                                      "double-click one to open it"))
        self.empty_label.setText(self.tr("No runs in this workspace yet: train one in step 3, Train."))
        self.open_button.setText(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Use this run in Gallery and Export without training "
                                            "again; its settings go to Model and its dataset is "
                                            "loaded"))
        self.continue_button.setText(self.tr("Continue training"))
        self.continue_button.setToolTip(self.tr("Train this unfinished run on from its newest "
                                                "checkpoint, on the same data, up to its budget"))
        self.rename_button.setText(self.tr("Rename…"))
        self.rename_button.setToolTip(self.tr("Give the run folder a new name"))
        self.delete_button.setText(self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("Delete the run folder with its checkpoints (asks "
                                              "first)"))
        self.refresh()

    # ---------------------------------------------------------------- reading
    @Slot()
    def refresh(self) -> None:
        """Read the workspace again and show its runs, keeping the selected one selected."""
        keep = self.selected_run()
        self.workspace_label.setText(str(self.state.runs_root))
        self.runs = list_runs(self.state.runs_root)
        self._trained = {r.path for r in self.runs if RunFolder(r.path).has_checkpoint()}
        self.table.setRowCount(len(self.runs))
        for row, run in enumerate(self.runs):
            for col, text in enumerate(self._cells(run)):
                item = QTableWidgetItem(text)
                item.setToolTip(str(run.path))
                if self._is_open(run.path):
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.setVisible(bool(self.runs))
        self.empty_label.setVisible(not self.runs)
        if keep is not None:
            self.select_run(keep)
        self._on_selection_changed()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Read the workspace again whenever the list is shown (the CLI may have added runs)."""
        self.refresh()
        super().showEvent(event)

    def selected_run(self) -> Path | None:
        """The path of the selected row, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.runs[rows[0].row()].path if rows and rows[0].row() < len(self.runs) else None

    def select_run(self, path: Path | str) -> bool:
        """Select the row of the run folder ``path``; False if it is not listed."""
        for row, run in enumerate(self.runs):
            if run.path == Path(path):
                self.table.selectRow(row)
                return True
        return False

    # ---------------------------------------------------------------- actions
    @Slot()
    def rename_selected(self) -> None:
        """Ask for a new name and rename the selected run folder (inside the workspace only)."""
        path = self.selected_run()
        if path is None or not self._may_change(path, self.tr("Cannot rename {run} while it trains: "
                                                             "stop it first (Train)")):
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename run"),
                                        self.tr("New name for {run}:").format(run=path.name),
                                        text=path.name)
        if not ok or name.strip() == path.name:
            return
        try:
            target = rename_run(self.state.runs_root, path, name)
        except UserError as exc:
            self.show_error(engine_text(str(exc)))
            return
        if self._is_open(path):
            self.state.set_trained_run(target)
        self.status_message.emit(self.tr("Renamed run {old} to {new}").format(old=path.name,
                                                                             new=target.name))
        self.refresh()
        self.select_run(target)

    @Slot()
    def delete_selected(self) -> None:
        """Delete the selected run folder after a confirmation (inside the workspace only)."""
        path = self.selected_run()
        if path is None or not self._may_change(path, self.tr("Cannot delete {run} while it trains: "
                                                             "stop it first (Train)")):
            return
        answer = QMessageBox.question(
            self, self.tr("Delete run"),
            self.tr("Delete the run {run} and everything in its folder (checkpoints, samples, "
                    "metrics, log)?\n\n{path}\n\nThis cannot be undone.").format(run=path.name,
                                                                                  path=path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_run(self.state.runs_root, path)
        except UserError as exc:
            self.show_error(engine_text(str(exc)))
            return
        if self._is_open(path):
            self.state.set_trained_run(None)
        self.status_message.emit(self.tr("Deleted run {run}").format(run=path.name))
        self.refresh()

    # ---------------------------------------------------------------- helpers
    def _cells(self, run: RunInfo) -> list[str]:
        steps = f"{run.step:,} / {run.target_steps:,}" if run.target_steps else f"{run.step:,}"
        if self.state.training_run is not None and run.path == self.state.training_run:
            how = self.tr("Training…")
        elif run.finished:
            how = self.tr("Finished")
        elif run.path in self._trained:
            how = self.tr("Unfinished")
        else:
            how = self.tr("No checkpoint")
        if self._is_open(run.path):
            how += self.tr(" · open")
        updated = time.strftime("%Y-%m-%d %H:%M", time.localtime(run.updated))
        return [run.path.name, run.model, steps, how, updated]

    def _is_open(self, path: Path) -> bool:
        return self.state.trained_run is not None and Path(self.state.trained_run) == path

    def _is_training(self, path: Path) -> bool:
        return self.state.training_run is not None and Path(self.state.training_run) == path

    def _may_change(self, path: Path, refusal: str) -> bool:
        if self._is_training(path):
            self.show_error(refusal.format(run=path.name))
            return False
        return True

    @Slot()
    def _on_selection_changed(self) -> None:
        path = self.selected_run()
        run = next((r for r in self.runs if r.path == path), None)
        training = run is not None and self._is_training(run.path)
        busy = self.state.training_run is not None
        self.open_button.setEnabled(run is not None and run.path in self._trained and not training)
        self.continue_button.setEnabled(run is not None and not run.finished and not busy)
        self.rename_button.setEnabled(run is not None and not training)
        self.delete_button.setEnabled(run is not None and not training)
        if run is None:
            self.detail_label.setText(self.tr("Select a run to open it in Gallery and Export, or to "
                                              "continue an unfinished one.") if self.runs else "")
            return
        budget = (self.tr("{steps} steps").format(steps=f"{run.target_steps:,}")
                  if run.target_steps else self.tr("a time budget"))
        self.detail_label.setText(self.tr("{path}   ·   {model}, step {step} of {budget}").format(
            path=run.path, model=run.model, step=f"{run.step:,}", budget=budget))

    @Slot()
    def _on_open_clicked(self) -> None:
        path = self.selected_run()
        if path is not None and path in self._trained and not self._is_training(path):
            self.open_requested.emit(path)

    @Slot()
    def _on_continue_clicked(self) -> None:
        path = self.selected_run()
        if path is not None and self.continue_button.isEnabled():
            self.continue_requested.emit(path)


if __name__ == "__main__":
    def _demo(state: AppState) -> RunsPanel:
        panel = RunsPanel(state)
        panel.open_requested.connect(state.set_trained_run)
        return panel

    raise SystemExit(preview(_demo, load_sample=False))
