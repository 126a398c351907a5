"""pm: post-mortems as code; validate incident files and render them into reports and a site."""

__version__ = "0.1.0"
DISTRIBUTION = "postmortem-as-code"  # the name to install (`pip install postmortem-as-code`); the command is `pm`
