"""The nouns and their rules: no I/O, and nothing of ours imported."""
