"""The task registry: which task names exist, on which queue, with how many tries.

The application builds it when first asked (``tasks()``), from the product's table
in ``jobs/tasks.py``; nothing is registered as a side effect of importing a module.
An extension (a test, a deployment's own task) adds to it with ``task(...)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from rightsguard.domain.errors import InvalidValue

TaskFn = Callable[..., Mapping[str, Any] | None]


@dataclass(frozen=True)
class TaskSpec:
    name: str
    fn: TaskFn
    queue: str = "default"
    max_attempts: int = 5


class TaskRegistry:
    """Task specs by name."""

    def __init__(self, specs: tuple[TaskSpec, ...] = ()) -> None:
        self._specs: dict[str, TaskSpec] = {}
        for spec in specs:
            self.add(spec)

    def add(self, spec: TaskSpec) -> None:
        self._specs[spec.name] = spec

    def get(self, name: str) -> TaskSpec:
        """The spec of ``name``; ``InvalidValue`` naming the known tasks otherwise."""
        spec = self._specs.get(name)
        if spec is None:
            known = ", ".join(sorted(self._specs))
            raise InvalidValue("task", f"no task named {name!r}; known: {known}")
        return spec

    def find(self, name: str) -> TaskSpec | None:
        return self._specs.get(name)

    def queues(self) -> list[str]:
        return sorted({s.queue for s in self._specs.values()})

    def __iter__(self) -> Iterator[TaskSpec]:
        return iter(sorted(self._specs.values(), key=lambda s: s.name))

    def __contains__(self, name: object) -> bool:
        return name in self._specs


_built: list[TaskRegistry] = []
_lock = threading.Lock()


def tasks() -> TaskRegistry:
    """The application's registry, built from ``jobs.tasks.PRODUCT_TASKS`` on first use."""
    with _lock:
        if not _built:
            # jobs.tasks imports the job context from jobs.core, which asks for this
            # registry at run time: imported here, when first needed, to break the cycle.
            from rightsguard.jobs.tasks import PRODUCT_TASKS

            _built.append(TaskRegistry(PRODUCT_TASKS))
        return _built[0]


def task(name: str, *, queue: str = "default", max_attempts: int = 5) -> Callable[[TaskFn], TaskFn]:
    """Add ``fn`` to the application's registry as the task ``name`` (extensions)."""

    def register(fn: TaskFn) -> TaskFn:
        tasks().add(TaskSpec(name, fn, queue, max_attempts))
        return fn

    return register
