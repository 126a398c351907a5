"""Validate stage: plain data to models, with every problem located; rules across one file at a time."""
