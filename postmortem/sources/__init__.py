"""Sources stage: write-ups of other tools (Markdown post-mortems, tables of incidents, other generators) as parts."""
