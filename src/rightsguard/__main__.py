"""``python -m rightsguard``: the command line, for when the script is not on PATH."""

from rightsguard.cli.main import run

run()
