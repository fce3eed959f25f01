"""Datasets: scan class folders, the built-in sample, held-out splits."""

from engine.data.dataset import ImageSet, Problem
from engine.data.load import load_dataset

__all__ = ["ImageSet", "Problem", "load_dataset"]
