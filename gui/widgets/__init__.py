"""Reusable widgets: the live loss plot, an image grid, the class-count bar chart."""
