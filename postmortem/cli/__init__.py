"""Command line: thin click commands that call one core function each and print what it returns."""
