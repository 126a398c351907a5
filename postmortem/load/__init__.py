"""Load stage: repository files to plain data with the position of every value, and the cache of what was read."""
