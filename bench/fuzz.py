"""Fuzzing at full size: every parser and importer, ``--examples`` each (default 2000).

The targets, strategies and harness are those of ``tests/reliability/fuzzing.py``
(the test suite runs them at 150 examples). Prints, per target, the examples run,
the clean errors (documented ``InputError``s) and the crashes, with each crash's
minimal example; exits 1 when anything crashed.

    python bench/fuzz.py [--examples 2000] [--seed N | --random] [--target NAME ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "reliability"))

import fuzzing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0, help="derandomised run (default)")
    parser.add_argument("--random", action="store_true", help="a fresh random run instead")
    parser.add_argument("--target", action="append", choices=[t.name for t in fuzzing.TARGETS])
    args = parser.parse_args(argv)
    names = args.target or [t.name for t in fuzzing.TARGETS]
    total_examples = total_clean = total_crashes = 0
    started = time.perf_counter()
    for name in names:
        t0 = time.perf_counter()
        counts = fuzzing.fuzz(
            fuzzing.by_name(name), args.examples, seed=None if args.random else args.seed
        )
        print(f"{counts.line()}  ({time.perf_counter() - t0:.1f} s)", flush=True)
        for failure in counts.failures:
            print("    " + failure.replace("\n", "\n    "), flush=True)
        total_examples += counts.examples
        total_clean += counts.clean_errors
        total_crashes += counts.crashes
    print(
        f"{'total':<14} examples {total_examples:>6}  clean errors {total_clean:>6}  "
        f"crashes {total_crashes}  ({time.perf_counter() - started:.1f} s)"
    )
    return 1 if total_crashes else 0


if __name__ == "__main__":
    sys.exit(main())
