"""What discovery keeps between runs, in the profiles table (no table of its own).

* A right's own product vocabulary for combination candidates, under
  ``discover:right:<id>`` (``{"vocabulary": [...]}``).
* How far a new-registration feed has been read: a certificate-transparency
  log's next entry index under ``ctlog:<hash of the log URL>``
  (``{"url": ..., "next_index": N}``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rightsguard.domain.errors import InvalidValue
from rightsguard.store.profiles import get_profile, update_profile

if TYPE_CHECKING:
    from rightsguard.store.base import Store

MAX_WORDS = 200


def _vocabulary_key(right_id: int) -> str:
    return f"discover:right:{int(right_id)}"


def right_vocabulary(store: Store, right_id: int) -> tuple[str, ...]:
    """The right's own product words (empty when none were set)."""
    words = get_profile(store, _vocabulary_key(right_id)).get("vocabulary", [])
    return tuple(str(w) for w in words)


def set_right_vocabulary(store: Store, right_id: int, words: Iterable[str]) -> tuple[str, ...]:
    """Replace the right's product words (the right must exist); an empty list clears them."""
    store.rights.get(right_id)  # NotFound for an unknown right
    clean = list(dict.fromkeys(" ".join(w.split()).lower() for w in words if w.strip()))
    if len(clean) > MAX_WORDS:
        raise InvalidValue("vocabulary", f"at most {MAX_WORDS} words")
    update_profile(store, _vocabulary_key(right_id), {"vocabulary": clean})
    return tuple(clean)


def _log_key(url: str) -> str:
    return "ctlog:" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


def ct_next_index(store: Store, url: str) -> int | None:
    """The first entry of the log at ``url`` not read yet (None: never read)."""
    value = get_profile(store, _log_key(url)).get("next_index")
    return None if value is None else int(value)


def set_ct_next_index(store: Store, url: str, index: int) -> None:
    update_profile(store, _log_key(url), {"url": url, "next_index": int(index)})
