"""Bilingual text: every statement the playbook makes exists in zh-CN and en."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

LANGS = ("zh-CN", "en")


class Text(BaseModel):
    """A statement in Simplified Chinese and English."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: str
    en: str

    def get(self, lang: str = "en") -> str:
        """The statement in ``lang`` ("zh-CN"/"zh" or "en")."""
        return self.zh if lang.lower().startswith("zh") else self.en


def t(zh: str, en: str) -> Text:
    """Shorthand constructor used by the rule tables."""
    return Text(zh=zh, en=en)
