"""The names of everything in a run folder: the only place they are spelled.

Every other module asks :class:`engine.runs.RunFolder` for a path (a test fails if one of these
names appears as a string anywhere else in the engine or the GUI)::

    RUN_DIR/
      config.json      the RunConfig (data, model, train settings)
      dataset.json     source, class names, training counts, image size and channels
      split.json       the held-out split: its files (or indices), seed, fraction, fingerprint
      metrics.csv      one row per report: step, loss/D, loss/G, ... (the source of truth)
      status.json      step reached, finished or not, last update (for the Runs list)
      train.log        what happened: start, resume, faults, end
      .train.lock      held (fcntl/msvcrt lock) while a process trains in the folder
      samples/         step_000050.png ... the live grids
      checkpoints/     step_NNNNNNNN.pt (the last K and the best) and best.json
      curation.json    the samples rejected in the gallery
      evaluation.json  the evaluation report; judge.pt its judge classifier
      tensorboard/     event files of the metrics and grids (only with the tensorboard extra)
"""

CONFIG = "config.json"
DATASET = "dataset.json"
SPLIT = "split.json"
METRICS = "metrics.csv"
STATUS = "status.json"
LOG = "train.log"
LOCK = ".train.lock"
SAMPLES = "samples"
CHECKPOINTS = "checkpoints"
BEST = "best.json"
CURATION = "curation.json"
EVALUATION = "evaluation.json"
# Names an evaluation report had in earlier versions; read (first found wins), never written.
EVALUATION_OLD = ("evaluation_report.json", "report.json")
JUDGE = "judge.pt"
TENSORBOARD = "tensorboard"

# Every name above: tests/test_architecture.py checks that no other module spells one.
ALL = (CONFIG, DATASET, SPLIT, METRICS, STATUS, LOG, LOCK, SAMPLES, CHECKPOINTS, BEST, CURATION,
       EVALUATION, *EVALUATION_OLD, JUDGE, TENSORBOARD)
