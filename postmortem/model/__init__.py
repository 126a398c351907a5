"""Model stage: the frozen, typed objects that incident files become, and the values they are made of."""
