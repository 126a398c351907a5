"""Render stage: pure functions from the model to report text and bytes; nothing here writes a file."""
