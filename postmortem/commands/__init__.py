"""Command cores: one module per command, each the one function its CLI command calls."""
