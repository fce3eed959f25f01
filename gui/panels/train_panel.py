"""Step 3, Train: start and stop a run, watch its losses and samples live."""

from __future__ import annotations

import copy
import os
import threading

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.terminal import format_seconds
from engine.train.trainer import TrainProgress, TrainResult, train
from gui.panels.base import Panel, preview
from gui.state import AppState
from gui.widgets.image_grid import ImageGrid
from gui.widgets.loss_plot import LossPlot


def training_threads() -> int:
    """Torch CPU threads for a run started from the GUI: every core but one.

    The UI thread needs a core of its own to stay responsive. On a 2-core machine a 2-thread torch
    pool that shares its cores with any other busy thread thrashes: measured on the sample (cgan,
    batch 64, 16 px) with one other busy process, 1 thread gave 290 images/s and 2 threads 31.
    """
    return max(1, (os.cpu_count() or 1) - 1)


class TrainPanel(Panel):
    """Start / Stop a training run on the training split; live losses, samples and progress.

    Parameters
    ----------
    state : AppState
        The shared state; a finished run calls :meth:`AppState.set_trained_run`.
    parent : QWidget, optional
        Qt parent.
    """

    error_title = "Training failed"

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self._history: list[tuple[int, dict[str, float]]] = []  # filled on the worker thread
        self._plotted = 0  # rows of _history already in the plot
        self.last_progress: TrainProgress | None = None
        self.last_result: TrainResult | None = None
        self._pause = threading.Event()  # read by the training loop (is_paused) on its thread

        self.start_button = QPushButton("Start training")
        self.start_button.setToolTip("Train the model chosen in Model on the training split")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("End the run after the current step; it is saved as it is")
        self.stop_button.setEnabled(False)
        self.pause_button = QPushButton("Pause")
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip("Hold the run after the current step; press again to go on. "
                                     "Paused time does not count against a time budget.")
        self.pause_button.setEnabled(False)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.status_label = QLabel("Ready: press Start to train on the loaded dataset")
        top = QHBoxLayout()
        top.addWidget(self.start_button)
        top.addWidget(self.pause_button)
        top.addWidget(self.stop_button)
        top.addWidget(self.progress_bar, 1)
        self.run_label = QLabel()
        self.run_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.loss_plot = LossPlot()
        self.sample_grid = ImageGrid("Samples appear here during training", min_scale=2)
        loss_box = QGroupBox("Losses")
        QVBoxLayout(loss_box).addWidget(self.loss_plot)
        grid_box = QGroupBox("Samples from fixed noise (one row per class)")
        QVBoxLayout(grid_box).addWidget(self.sample_grid)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(loss_box)
        split.addWidget(grid_box)
        split.setSizes([500, 400])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(split, 1)
        layout.addWidget(self.run_label)

        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.pause_button.toggled.connect(self._on_pause_toggled)
        state.run_changed.connect(self._on_run_changed)
        self._on_run_changed()

    # ---------------------------------------------------------------- actions
    @Slot()
    def start(self) -> None:
        """Train ``state.config`` on the training split, into a fresh run folder."""
        state = self.state
        if self.busy:
            return
        if state.dataset is None:
            QMessageBox.information(self, "No dataset", "Load a dataset first (step 1, Data).")
            return
        if not state.dataset_matches_config():
            self.status_label.setText("The dataset is being reloaded at the new image size; "
                                      "start again when it is ready.")
            return
        config = copy.deepcopy(state.config)
        if config.train.threads <= 0:
            config.train.threads = training_threads()
        if state.run_dir.exists():  # the engine refuses to train over a run: take a new folder
            state.new_run()
        run_dir, data, history, paused = state.run_dir, state.train_data(), [], self._pause
        paused.clear()
        self._history, self._plotted = history, 0
        self.loss_plot.reset()
        self.sample_grid.set_array(None)
        self.progress_bar.setValue(0)
        self.status_label.setText(f"Starting: {len(data):,} training images…")
        self.run_label.setText(f"Run folder: {run_dir}")

        def job(progress, should_stop) -> TrainResult:
            def report(p: TrainProgress) -> None:
                if p.metrics:  # every report is kept, even those the throttle drops
                    history.append((p.step, dict(p.metrics)))
                progress(p)

            return train(config, data, run_dir, report, should_stop, is_paused=paused.is_set)

        self.run_task(job, on_progress=self._on_progress, on_succeeded=self._on_succeeded,
                      on_cancelled=self._on_cancelled)
        self.status_message.emit(f"Training {config.model.name} in {run_dir}")

    @Slot()
    def stop(self) -> None:
        """End the run after the current step (it is checkpointed like a finished run)."""
        if self.busy:
            self.cancel()
            self.stop_button.setEnabled(False)
            self.pause_button.setEnabled(False)
            self.status_label.setText("Stopping after the current step…")

    def set_busy(self, busy: bool) -> None:
        """Start is offered when idle, Pause and Stop while training."""
        self.start_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.pause_button.setEnabled(busy)
        if not busy:
            self.pause_button.setChecked(False)

    # ---------------------------------------------------------------- slots
    def _on_progress(self, p: TrainProgress) -> None:
        self.last_progress = p
        n = len(self._history)  # a snapshot: the worker may append meanwhile
        if n > self._plotted:
            self.loss_plot.extend(self._history[self._plotted:n])
            self._plotted = n
        if p.grid is not None:
            self.sample_grid.set_array(p.grid)
        self.progress_bar.setValue(round(p.fraction * 1000))
        total = f" / {p.total_steps:,}" if p.total_steps else ""
        text = (f"Step {p.step:,}{total}   ·   elapsed {format_seconds(p.elapsed_s)}   ·   "
                f"ETA {format_seconds(p.eta_s)}   ·   {p.images_per_s:,.0f} images/s")
        if p.paused:
            text = f"Paused at step {p.step:,}{total}: press Pause again to go on"
        elif p.message:
            text += f"   ·   {p.message}"
        self.status_label.setText(text)
        self.status_message.emit(p.message or f"Training: step {p.step:,}{total}")

    def _on_succeeded(self, result: TrainResult) -> None:
        self.last_result = result
        how = "Stopped" if result.stopped_early else "Finished"
        self.status_label.setText(
            f"{how} at step {result.step:,} after {format_seconds(result.elapsed_s)} "
            f"({result.images_per_s:,.0f} images/s). Look at the results in Gallery."
        )
        self.state.set_trained_run(result.run_dir)
        self.status_message.emit(f"{how} training at step {result.step:,}")

    def _on_cancelled(self) -> None:
        self.status_label.setText("Training cancelled")

    @Slot(bool)
    def _on_pause_toggled(self, paused: bool) -> None:
        if paused:
            self._pause.set()
        else:
            self._pause.clear()
        self.pause_button.setText("Continue" if paused else "Pause")

    @Slot()
    def _on_run_changed(self) -> None:
        if not self.busy:
            self.run_label.setText(f"Run folder: {self.state.run_dir}")


if __name__ == "__main__":
    raise SystemExit(preview(TrainPanel))
