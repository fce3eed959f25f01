"""Step 3, Train: start and stop a run, watch its losses and samples live."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Slot
from PySide6.QtGui import QImage
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

from engine.config import RunConfig
from engine.errors import UserError
from engine.format import format_seconds
from engine.runs import RunFolder
from engine.train.trainer import TrainProgress, TrainResult, train
from gui.cluster_dialog import ClusterDialog
from gui.engine_text import engine_text
from gui.panels.base import Panel, preview
from gui.panels.train_events import EventLog
from gui.state import AppState
from gui.widgets.image_grid import ImageGrid, array_to_qimage
from gui.widgets.loss_plot import LossPlot, QualityPlot

PLOT_INTERVAL_MS = 250  # the curves are redrawn this often while training, whatever the report rate


@dataclass
class ShownProgress:
    """A :class:`TrainProgress` with its grid already a QImage, converted on the worker thread."""

    progress: TrainProgress
    image: QImage | None

    @property
    def grid(self):  # read by TaskWorker's throttle: a report with a grid is always forwarded
        return self.progress.grid

    @property
    def message(self) -> str:
        return self.progress.message


class TrainPanel(Panel):
    """Start, pause, stop or continue a training run; live losses, samples, progress and events.

    Parameters
    ----------
    state : AppState
        The shared state; a run that ends with a checkpoint calls :meth:`AppState.set_trained_run`.
    parent : QWidget, optional
        Qt parent.

    Attributes
    ----------
    event_log : EventLog
        One line per event of the run: started or resumed, faults the trainer recovered from
        (roll-back, batch halved, checkpoint not saved), pause, the end, an error.
    """

    error_title = QT_TRANSLATE_NOOP("Panel", "Training stopped")

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self._history: list[tuple[int, dict[str, float]]] = []  # filled on the worker thread
        self._plotted = 0  # rows of _history already in the plot
        self.last_progress: TrainProgress | None = None
        self.last_result: TrainResult | None = None
        self._pause = threading.Event()  # read by the training loop (is_paused) on its thread
        # The GUI thread only paints: curves are redrawn on this timer from the rows the worker
        # keeps in _history, not on every report.
        self._plot_timer = QTimer(self)
        self._plot_timer.setInterval(PLOT_INTERVAL_MS)
        self._plot_timer.timeout.connect(self.refresh_plots)
        # After the base class's own handler; connected once here, since a worker that ends before
        # a connection to it is made would never be heard.
        self.task_ended.connect(self._on_training_ended)

        self._status: Callable[[], str] = lambda: self.tr(
            "Ready: press Start to train on the loaded dataset")  # re-run on a language change
        self.start_button = QPushButton()
        self.cluster_button = QPushButton()
        self.stop_button = QPushButton()
        self.stop_button.setEnabled(False)
        self.pause_button = QPushButton()
        self.pause_button.setCheckable(True)
        self.pause_button.setEnabled(False)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.status_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.start_button)
        top.addWidget(self.pause_button)
        top.addWidget(self.stop_button)
        top.addWidget(self.progress_bar, 1)
        top.addWidget(self.cluster_button)
        self.run_label = QLabel()
        self.run_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.loss_plot = LossPlot()
        self.quality_plot = QualityPlot()  # shown once the trainer reports quality/* metrics
        self.quality_plot.setMaximumHeight(170)
        self.quality_plot.hide()
        self.sample_grid = ImageGrid("", min_scale=2)
        self.loss_box = QGroupBox()
        loss_layout = QVBoxLayout(self.loss_box)
        loss_layout.addWidget(self.loss_plot, 1)
        loss_layout.addWidget(self.quality_plot)
        self.grid_box = QGroupBox()
        QVBoxLayout(self.grid_box).addWidget(self.sample_grid)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.loss_box)
        split.addWidget(self.grid_box)
        split.setSizes([500, 400])

        self.event_log = EventLog()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(split, 1)
        layout.addWidget(self.event_log)
        layout.addWidget(self.run_label)

        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.cluster_button.clicked.connect(self.open_cluster_dialog)
        self.pause_button.toggled.connect(self._on_pause_toggled)
        state.run_changed.connect(self._on_run_changed)
        self._retranslate()

    def _retranslate(self) -> None:
        self.start_button.setText(self.tr("Start training"))
        self.start_button.setToolTip(self.tr("Train the model chosen in Model on the training "
                                             "split, into a new run folder"))
        self.cluster_button.setText(self.tr("Run on a cluster…"))
        self.cluster_button.setToolTip(self.tr("Write this run's folder and get the torchrun command "
                                               "that trains it on several GPUs or machines"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("End the run after the current step; it is saved as it "
                                            "is and can be continued from Runs"))
        self._on_pause_toggled(self.pause_button.isChecked())
        self.pause_button.setToolTip(self.tr("Hold the run after the current step; press again to "
                                             "go on. Paused time does not count against a time "
                                             "budget."))
        self.progress_bar.setToolTip(self.tr("How far the run is through its budget"))
        self.quality_plot.setToolTip(self.tr("Every few steps: Fréchet distance of the samples to "
                                             "the training images and how often a judge classifier "
                                             "sees the intended class"))
        self.sample_grid.set_placeholder(self.tr("Samples appear here during training"))
        self.sample_grid.setToolTip(self.tr("The same noise every time: watch each class take shape"))
        self.loss_box.setTitle(self.tr("Losses"))
        self.grid_box.setTitle(self.tr("Samples from fixed noise (one row per class)"))
        self.status_label.setText(self._status())
        self._on_run_changed()

    def _set_status(self, text: Callable[[], str]) -> None:
        """Show ``text()`` in the status line now and again after a language change."""
        self._status = text
        self.status_label.setText(text())

    # ---------------------------------------------------------------- actions
    @Slot()
    def start(self) -> None:
        """Train ``state.config`` on the training split, into a fresh run folder."""
        state = self.state
        if self.busy:
            return
        if state.dataset is None:
            QMessageBox.information(self, self.tr("No dataset"),
                                    self.tr("Load a dataset first (step 1, Data)."))
            return
        if not state.dataset_matches_config():
            self._set_status(lambda: self.tr("The dataset is being reloaded at the new image size; "
                                             "start again when it is ready."))
            return
        if state.run_dir.exists():  # the engine refuses to train over a run: take a new folder
            state.new_run()
        RunFolder(state.run_dir).save_split(state.dataset, state.train_idx, state.held_idx, state.config.data)
        self._launch(copy.deepcopy(state.config), state.run_dir, resume=False)

    @Slot()
    def open_cluster_dialog(self) -> ClusterDialog:
        """Show "Run on a cluster…" for the current settings and dataset (modeless)."""
        dialog = ClusterDialog(self.state, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def resume(self, run_dir: Path | str) -> bool:
        """Continue the run in ``run_dir`` from its newest checkpoint up to its own budget.

        It trains on the loaded training split: the caller makes sure that is the run's data
        (the Runs list reloads it). Returns False (and says why) if it cannot start.
        """
        run_dir = Path(run_dir)
        if self.busy:
            self.show_error(self.tr("A run is already training: stop it before continuing another"))
            return False
        if self.state.dataset is None:
            self.show_error(self.tr("Load the run's dataset first (step 1, Data)"))
            return False
        try:
            config = RunFolder(run_dir).read_config()
        except UserError as exc:
            self.show_error(engine_text(str(exc)))
            return False
        config.train.threads = 0  # this machine's preference, not the one the run started with
        self._launch(config, run_dir, resume=True)
        return True

    def _launch(self, config: RunConfig, run_dir: Path, resume: bool) -> None:
        """Start ``train`` on a worker: a new run, or ``resume`` of an existing one."""
        if config.train.threads <= 0:
            config.train.threads = self.state.preferences.training_threads()
        data, history, paused = self.state.train_data(), [], self._pause
        paused.clear()
        self._history, self._plotted = history, 0
        self.loss_plot.reset()
        self.quality_plot.reset()
        self.quality_plot.hide()
        self.sample_grid.set_array(None)
        self.event_log.clear()
        self.progress_bar.setValue(0)
        if resume:  # the curves up to the checkpoint (later rows are redone), so the plot goes on
            upto = int(RunFolder(run_dir).read_status().get("step", 0))
            history.extend(RunFolder(run_dir).read_metrics(upto))
        count = f"{len(data):,}"
        self._set_status(lambda: (self.tr("Continuing: {count} training images…") if resume else
                                  self.tr("Starting: {count} training images…")).format(count=count))
        self.run_label.setText(self.tr("Run folder: {path}").format(path=run_dir))
        self.add_event(lambda: (self.tr("Continuing {model} in {run} on {count} images, {threads} "
                                        "CPU thread(s)") if resume else
                                self.tr("Starting {model} in {run} on {count} images, {threads} "
                                        "CPU thread(s)")).format(
            model=config.model.name, run=run_dir.name, count=count, threads=config.train.threads))

        def job(progress, should_stop) -> TrainResult:
            def report(p: TrainProgress) -> None:  # on the worker thread
                history.extend(p.rows)  # every row is kept, even in reports the throttle drops
                progress(ShownProgress(p, array_to_qimage(p.grid) if p.grid is not None else None))

            return train(config, data, run_dir, report, should_stop, resume=resume,
                         is_paused=paused.is_set)

        self.run_task(job, on_progress=self._on_progress, on_succeeded=self._on_succeeded,
                      on_cancelled=self._on_cancelled)
        self.state.set_training_run(run_dir)
        self._plot_timer.start()
        self.status_message.emit(
            (self.tr("Continuing training {model} in {run}") if resume else
             self.tr("Starting training {model} in {run}")).format(model=config.model.name,
                                                                   run=run_dir))

    @Slot()
    def stop(self) -> None:
        """End the run after the current step (it is checkpointed like a finished run)."""
        if self.busy:
            self.cancel()
            self.stop_button.setEnabled(False)
            self.pause_button.setEnabled(False)
            self._set_status(lambda: self.tr("Stopping after the current step…"))

    def set_busy(self, busy: bool) -> None:
        """Start is offered when idle, Pause and Stop while training."""
        self.start_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.pause_button.setEnabled(busy)
        if not busy:
            self.pause_button.setChecked(False)

    def add_event(self, text: str | Callable[[], str]) -> None:
        """Append a time-stamped line to the event log (:meth:`EventLog.add`); ``text`` may be a
        function giving the line in the current language."""
        self.event_log.add(text)

    def show_error(self, message: str) -> None:
        """A run that cannot go on: the one-line reason in the log, the status line and a dialog."""
        self.add_event(lambda: self.tr("Error: {message}").format(message=message))
        self._set_status(lambda: self.tr("Training stopped: {message}").format(message=message))
        super().show_error(message)

    # ---------------------------------------------------------------- slots
    @Slot()
    def refresh_plots(self) -> None:
        """Add the rows the worker kept since the last refresh to the curves (one setData each)."""
        n = len(self._history)  # a snapshot: the worker may append meanwhile
        if n > self._plotted:
            rows = self._history[self._plotted:n]
            self.loss_plot.extend(rows)
            self.quality_plot.extend(rows)
            self.quality_plot.setVisible(self.quality_plot.points(QualityPlot.FD) > 0)
            self._plotted = n

    def _on_progress(self, report: ShownProgress | TrainProgress) -> None:
        if isinstance(report, ShownProgress):
            p, image = report.progress, report.image
        else:
            p, image = report, None
        self.last_progress = p
        if image is not None:
            self.sample_grid.set_image(image)
        elif p.grid is not None:
            self.sample_grid.set_array(p.grid)
        self.progress_bar.setValue(round(p.fraction * 1000))
        self._set_status(lambda: self._progress_text(p))
        if p.message:
            self.add_event(lambda: self.tr("Step {step}: {event}").format(
                step=f"{p.step:,}", event=_sentence(engine_text(p.message))))
        total = f" / {p.total_steps:,}" if p.total_steps else ""
        self.status_message.emit(_sentence(engine_text(p.message)) if p.message else
                                 self.tr("Training: step {step}").format(step=f"{p.step:,}{total}"))

    def _progress_text(self, p: TrainProgress) -> str:
        """The status line for a progress report, in the current language."""
        total = f" / {p.total_steps:,}" if p.total_steps else ""
        if p.paused:
            return self.tr("Paused at step {step}: press Continue to go on").format(
                step=f"{p.step:,}{total}")
        text = self.tr("Step {step}   ·   elapsed {elapsed}   ·   ETA {eta}   ·   {speed} images/s"
                       ).format(step=f"{p.step:,}{total}", elapsed=format_seconds(p.elapsed_s),
                                eta=format_seconds(p.eta_s), speed=f"{p.images_per_s:,.0f}")
        return text + f"   ·   {engine_text(p.message)}" if p.message else text

    def _on_succeeded(self, result: TrainResult) -> None:
        self.last_result = result
        step, early = f"{result.step:,}", result.stopped_early
        self._set_status(lambda: (
            self.tr("Stopped at step {step} after {time} ({speed} images/s). Look at the results in "
                    "Gallery.") if early else
            self.tr("Finished at step {step} after {time} ({speed} images/s). Look at the results "
                    "in Gallery.")).format(step=step, time=format_seconds(result.elapsed_s),
                                           speed=f"{result.images_per_s:,.0f}"))
        checkpoint = Path(result.checkpoint).name
        self.add_event(lambda: self.tr("Stopped at step {step}; checkpoint {file} (continue it from "
                                       "Runs)").format(step=step, file=checkpoint) if early else
                       self.tr("Finished at step {step}; checkpoint {file}").format(
                           step=step, file=checkpoint))
        self.state.set_trained_run(result.run_dir)
        self.status_message.emit(self.tr("Stopped training at step {step}").format(step=step)
                                 if early else
                                 self.tr("Finished training at step {step}").format(step=step))

    def _on_cancelled(self) -> None:
        self._set_status(lambda: self.tr("Training cancelled"))
        self.add_event(lambda: self.tr("Cancelled"))

    @Slot(str, float)
    def _on_training_ended(self, _outcome: str = "", _seconds: float = 0.0) -> None:
        self._plot_timer.stop()
        self.refresh_plots()  # the last rows
        self.state.set_training_run(None)

    @Slot(bool)
    def _on_pause_toggled(self, paused: bool) -> None:
        if paused:
            self._pause.set()
        else:
            self._pause.clear()
        self.pause_button.setText(self.tr("Continue") if paused else self.tr("Pause"))

    @Slot()
    def _on_run_changed(self) -> None:
        if not self.busy:
            self.run_label.setText(self.tr("Run folder: {path}").format(path=self.state.run_dir))


def _sentence(message: str) -> str:
    """The trainer's lower-case event text as a sentence: ``"resumed from …"`` -> ``"Resumed from …"``."""
    return message[:1].upper() + message[1:]


if __name__ == "__main__":
    raise SystemExit(preview(TrainPanel))
