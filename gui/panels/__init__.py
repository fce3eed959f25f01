"""One module per step of the workflow: Data, Model, Train, Gallery, Evaluate, Export."""
