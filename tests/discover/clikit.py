"""Running ``rightsguard`` in-process for the discovery tests."""

from __future__ import annotations

from typer.testing import CliRunner

from rightsguard.cli.main import app

runner = CliRunner()


def rg(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr; an unexpected exception is raised as it is."""
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr
