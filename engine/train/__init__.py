"""Training: the loop, its losses, metrics reporting and checkpoints."""
