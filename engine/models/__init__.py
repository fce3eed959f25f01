"""Class-conditional generative models and the registry that builds them by name."""
