"""Export: the augmented dataset folder (real + accepted synthetic images) with its manifest, the
accepted-sample stream with curation and filters, the dataset card, the sample sheet and the zip."""
