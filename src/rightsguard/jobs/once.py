"""Once-only effects of background jobs: a job's work writes through ``OnceStore``
(``rightsguard.store.once``: the marker and its lock are rows), so a retry (or a
second copy) of a job that already took effect is rolled back instead of applied
twice."""

from rightsguard.store.once import EFFECT, AlreadyApplied, OnceStore, effect_of

__all__ = ["EFFECT", "AlreadyApplied", "OnceStore", "effect_of"]
