"""Benchmark: a person's time from a pasted link to a sent notice (issue #20).

Runs the workbench over the sandbox (sites, RDAP/WHOIS/DNS, TSA, SMTP) with a job
worker, and drives Chromium through the whole path three people take: the analyst
pastes a link (captured and identified in the background, the page following the
progress), the liaison drafts a notice to who can act (recipient pre-filled) and
counsel approves and sends it from the queue. It counts the person's steps (clicks,
ticks, fields, reloads) and the seconds the machine took, and turns steps into a
person's seconds (3 s a click, 6 s a field: the keystroke-level model, rounded).
The baseline, measured in the same run, is the path as it was before: a case made
by hand, reloads to see each result, the recipient typed, the action page.
Goal: under two minutes of a person's time.

    python bench/journey.py [--runs 1] [--no-baseline]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "web"))

from journey_world import journey_world  # noqa: E402
from short_path import Outcome, long_path, short_path  # noqa: E402

GOAL_SECONDS = 120.0
CHROMIUM = "/usr/bin/chromium"


def line(label: str, runs: list[Outcome]) -> tuple[float, float]:
    s = runs[-1].steps
    machine = statistics.median(r.steps.machine_seconds for r in runs)
    wall = statistics.median(r.wall_seconds for r in runs)
    print(
        f"{label:<9} person-steps {s.person_steps:>3} (clicks {s.clicks}, fields {s.fields}, "
        f"reloads {s.reloads}) ≈ {s.person_seconds:5.0f} s of a person; "
        f"machine {machine:5.1f} s; wall {wall:5.1f} s"
    )
    return s.person_seconds, machine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory() as tmp,
        journey_world(Path(tmp)) as journey,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            short = [short_path(browser, journey, 7000 + n) for n in range(args.runs)]
            base = (
                []
                if args.no_baseline
                else [long_path(browser, journey, 8000 + n) for n in range(args.runs)]
            )
        finally:
            browser.close()
    person, machine = line("short", short)
    if base:
        base_person, base_machine = line("baseline", base)
        steps, base_steps = short[-1].steps.person_steps, base[-1].steps.person_steps
        print(
            f"ratio     short/baseline: person-steps {steps / base_steps:.2f}, "
            f"person time {person / base_person:.2f}, machine {machine / base_machine:.2f}"
        )
    verdict = "MET" if person < GOAL_SECONDS else "MISSED"
    print(f"goal      under {GOAL_SECONDS:.0f} s of a person's time: {verdict}")


if __name__ == "__main__":
    main()
