"""RightsGuard: a workbench for protecting intellectual-property rights online."""

__version__ = "0.1.0"
