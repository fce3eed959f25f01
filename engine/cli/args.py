"""The command line's arguments: DESIGN.md's contract, one sub-parser per command."""

from __future__ import annotations

import argparse

from engine import __version__
from engine.models.registry import MODELS, model_names
from engine.runs import files
from engine.train.presets import PRESET_HELP, PRESETS


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command (DESIGN.md's command-line contract)."""
    p = argparse.ArgumentParser(
        prog="main.py",
        description="GenAug Studio: train a class-conditional generator on an image folder and "
        "export an augmented dataset. Without a command, opens the GUI.",
    )
    p.add_argument("--version", action="version", version=f"GenAug Studio {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("scan", help="check a dataset folder and print its summary and problems")
    _scan_args(s)
    t = sub.add_parser("train", help="train a generative model on a dataset (under torchrun: "
                       "on several processes, GPUs or machines)")
    _train_args(t)
    g = sub.add_parser("generate", help="generate N images per class from a trained run, "
                       "or interpolate between two seeds")
    _generate_args(g)
    e = sub.add_parser("export", help="write an augmented dataset folder (real + synthetic)")
    _export_args(e)
    v = sub.add_parser("evaluate", help="measure whether the run's synthetic images help a classifier")
    _evaluate_args(v)
    sub.add_parser("self-test", help="a short offline end-to-end check of this installation "
                   "(train, reload, generate, export, open the window offscreen)")
    return p


def _data_args(p: argparse.ArgumentParser, from_config: bool = False) -> None:
    """The dataset options; with ``from_config`` they default to None (the --config file's)."""
    unset = None if from_config else 0
    p.add_argument("--data", required=not from_config, metavar="DIR",
                   help="folder with one sub-folder per class, or 'sample'")
    p.add_argument("--image-size", type=int, default=unset, metavar="N",
                   help="train at N x N pixels (default: the images' own size where the networks "
                   "allow it, at most 64, e.g. 28 stays 28)")
    p.add_argument("--channels", type=int, choices=[1, 3], default=unset,
                   help="1 = gray, 3 = RGB (default: what most images are)")
    p.add_argument("--resize", choices=["crop", "pad"], default=None if from_config else "crop",
                   help="fit images by resize + centre crop (default) or resize + pad")


def _scan_args(p: argparse.ArgumentParser) -> None:
    _data_args(p)
    p.add_argument("--json", metavar="FILE", help="also write the full report to FILE")


def _train_args(p: argparse.ArgumentParser) -> None:
    _data_args(p, from_config=True)
    p.add_argument("--model", choices=model_names(),
                   help="model family (required without --config): "
                   + "; ".join(f"{n} = {s.title}" for n, s in MODELS.items()))
    p.add_argument("--out", required=True, metavar="RUN_DIR", help="run folder to create")
    p.add_argument("--config", metavar="FILE",
                   help="every setting from a run's settings file (or a TOML file); the options "
                   "given on the command line override it (no preset is applied)")
    p.add_argument("--preset", default="auto", choices=["auto", *PRESETS],
                   help="settings as the Model panel's presets: " + "; ".join(
                       f"{k} = {v}" for k, v in PRESET_HELP.items()) + "; auto (default) picks one "
                   "from the data and the device, as the GUI does; the options below override it")
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--steps", type=int, help="optimiser steps (default: the preset's)")
    budget.add_argument("--minutes", type=float, help="wall-clock budget instead of steps")
    p.add_argument("--batch-size", type=int,
                   help="images per step, per process under torchrun (default: the preset's, 64)")
    p.add_argument("--seed", type=int, help="random seed (default 0)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], help="(default auto)")
    p.add_argument("--resume", action="store_true",
                   help="continue the run in RUN_DIR from its checkpoint")


def _generate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--run", required=True, metavar="RUN_DIR", help="a trained run folder")
    p.add_argument("--out", required=True, metavar="DIR", help="new folder for the images")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--per-class", type=int, metavar="N", help="images per class")
    what.add_argument("--interpolate", type=int, nargs=2, metavar=("SEED_A", "SEED_B"),
                      help="morph each class's sample of SEED_A into that of SEED_B")
    p.add_argument("--steps", type=int, default=8,
                   help="images per interpolation, both ends included (default 8)")
    p.add_argument("--class", dest="classes", action="append", metavar="NAME",
                   help="interpolate only this class (repeatable; default all)")
    p.add_argument("--seed", type=int, default=0, help="first seed (image i uses seed+i)")
    p.add_argument("--temperature", type=float, default=1.0,
                   help="noise scale: below 1 more typical images, above 1 more varied")
    p.add_argument("--truncation", type=float, default=0.0, metavar="T",
                   help="GAN truncation trick: redraw noise entries beyond +-T (e.g. 1.0; 0 = off)")


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--run", required=True, metavar="RUN_DIR", help="a trained run folder")
    p.add_argument("--data", required=True, metavar="DIR", help="the real dataset, or 'sample'")
    p.add_argument("--out", required=True, metavar="DIR", help="new folder to create")
    amount = p.add_mutually_exclusive_group(required=True)
    amount.add_argument("--per-class", type=int, metavar="N", help="synthetic images per class")
    amount.add_argument("--balance-to", type=int, metavar="M",
                        help="add synthetic images until every class has M")
    amount.add_argument("--factor", type=float, metavar="F",
                        help="multiply every class by F (2 doubles the dataset)")
    amount.add_argument("--recommended", action="store_true",
                        help="the amount the run's evaluation chose on validation data, with its judge "
                        "filter if it used one: what the Export panel sets; taken when the test images "
                        "confirm its gain or show no clear effect (said so), refused when the run has no "
                        "evaluation, validation favoured no synthetic images or the test images show harm")
    p.add_argument("--no-real", action="store_true", help="leave the real images out")
    p.add_argument("--link-real", action="store_true",
                   help="hard-link the real files instead of copying them (copies across disks)")
    p.add_argument("--filter-memorized", action="store_true",
                   help="leave out samples that are near-copies of training images")
    p.add_argument("--ignore-curation", action="store_true",
                   help=f"also use the samples rejected in the gallery ({files.CURATION})")
    p.add_argument("--add-to-existing", action="store_true",
                   help="allow a non-empty --out: add files, never replace one (clashes get _1, _2)")
    p.add_argument("--zip", action="store_true", help="also write OUT.zip holding the same folder")
    p.add_argument("--no-sheet", action="store_true", help="skip sample_sheet.png")
    p.add_argument("--size", choices=["real", "trained"], default="real",
                   help="one image size in the folder: 'real' (default) writes the synthetic images "
                   "at the real images' size; 'trained' writes every image, real ones too, at the "
                   "size the model was trained at")
    p.add_argument("--moved-copies", type=int, default=0, metavar="N",
                   help="also write N moved copies of each real image (rotation, shift, zoom; flips "
                   "only where the run's evaluation measured them safe): classical augmentation "
                   "written out, for a classifier that trains on the folder without augmenting; "
                   "on top of the amount (0 = none, the default)")
    p.add_argument("--seed", type=int, default=0, help="first seed of the synthetic images")
    p.add_argument("--temperature", type=float, default=1.0, help="noise scale (as in the gallery)")
    p.add_argument("--truncation", type=float, default=0.0, metavar="T",
                   help="GAN truncation trick: redraw noise entries beyond +-T (0 = off)")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="P",
                   help="keep only samples the evaluation's judge gives their class with probability "
                   ">= P (needs `evaluate` first; 0 = off)")


def _evaluate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--run", required=True, metavar="RUN_DIR", help="a trained run folder")
    p.add_argument("--data", required=True, metavar="DIR", help="the real dataset, or 'sample'")
    p.add_argument("--test", metavar="DIR", help="a labelled test folder instead of the held-out split "
                   "(needed for a run without a saved split; must share no image with the training split)")
    p.add_argument("--json", metavar="FILE", help="also write the full report to FILE")
    p.add_argument("--seeds", type=int, default=3, help="classifier seeds per arm (default 3; 1 gives an "
                   "interval over test images only)")
    p.add_argument("--classifier-steps", type=int, default=400, metavar="N",
                   help="optimiser steps of each classifier (default 400)")
    p.add_argument("--amounts", default="0.5,1,2,4", metavar="A,B,..",
                   help="synthetic amounts to choose among on validation data, as multiples of the real "
                   "count (default 0.5,1,2,4)")
    p.add_argument("--confidence", default="0.9", metavar="P,Q,..",
                   help="judge confidences the filtered candidates may require, chosen on validation "
                   "data (default 0.9)")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"])
