"""``python -m rightsguard.sandbox serve``: run the sandbox in the foreground.

With ``--detach`` the server forks into its own session and this process
prints one JSON line (``{"ok": true, "state": {...}}`` or ``{"ok": false,
"error": {...}}``) and exits; ``rightsguard sandbox up`` uses that.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from rightsguard.domain.errors import RightsGuardError
from rightsguard.sandbox.core import DEFAULT_HOST, default_state_dir
from rightsguard.sandbox.process import (
    DEFAULT_HTTP_PORT,
    DEFAULT_HTTPS_PORT,
    serve,
    serve_detached,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rightsguard.sandbox")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="run the sandbox until interrupted")
    p.add_argument("--host", default=DEFAULT_HOST)
    p.add_argument("--http-port", type=int, default=DEFAULT_HTTP_PORT)
    p.add_argument("--https-port", type=int, default=DEFAULT_HTTPS_PORT)
    p.add_argument("--state-dir", type=Path, default=None)
    p.add_argument("--detach", action="store_true", help="fork into the background")
    args = parser.parse_args(argv)
    state_dir = args.state_dir or default_state_dir()
    if args.detach:
        return serve_detached(args.host, args.http_port, args.https_port, state_dir)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    def ready(state: dict[str, object]) -> None:
        sys.stdout.write(json.dumps(state["endpoints"]) + "\n")
        sys.stdout.flush()

    try:
        serve(args.host, args.http_port, args.https_port, state_dir, ready=ready)
    except RightsGuardError as exc:
        sys.stderr.write(f"error: {exc.message}\n")
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
