"""The ``rightsguard`` command line (Typer + Rich)."""
