"""Evaluation: does the synthetic data help, and does the model copy its training images."""
