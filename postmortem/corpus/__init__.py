"""Corpus stage: all incident files of a repository, the rules across files, and the views across incidents."""
