"""Configuration: ``pm.toml`` or ``[tool.pm]``, found by walking up, and the settings it gives (or defaults)."""
