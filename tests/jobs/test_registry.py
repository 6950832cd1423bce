"""The task registry is built by the application when first asked (not by importing a
module), from the one table of jobs/tasks.py; runners are chosen by name."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rightsguard.domain.errors import InvalidValue
from rightsguard.jobs.registry import TaskRegistry, TaskSpec, tasks
from rightsguard.jobs.runners import CeleryRunner, InlineRunner, runner_named
from rightsguard.jobs.tasks import PRODUCT_TASKS
from rightsguard.workspace import Workspace


def test_importing_the_tasks_registers_nothing() -> None:
    code = (
        "import rightsguard.jobs.tasks, rightsguard.jobs.core as core\n"
        "from rightsguard.jobs import registry\n"
        "assert registry._built == [], registry._built\n"
        "print(len(list(registry.tasks())))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == len(PRODUCT_TASKS)


def test_the_registry_holds_the_product_table_and_names_what_it_lacks() -> None:
    registry = tasks()
    names = {spec.name for spec in PRODUCT_TASKS}
    assert names <= {spec.name for spec in registry}
    assert registry.get("dispatch.action").queue == "dispatch"
    assert "capture" in registry.queues()
    with pytest.raises(InvalidValue, match=r"no task named 'nope'; known: .*capture\.once"):
        registry.get("nope")
    own = TaskRegistry((TaskSpec("x.y", lambda ctx: None, "q", 2),))
    assert [s.name for s in own] == ["x.y"] and "x.y" in own and own.find("z") is None


def test_runners_are_chosen_by_name(workspace: Workspace) -> None:
    assert isinstance(runner_named("inline", workspace), InlineRunner)
    assert isinstance(runner_named("celery", workspace), CeleryRunner)
    with pytest.raises(InvalidValue, match="'kafka' is not one of celery, inline"):
        runner_named("kafka", workspace)
    runner_named("inline", workspace).hand_over([(1, "capture")])  # the row is the hand-over
