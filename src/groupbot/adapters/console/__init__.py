"""The console chat: a simulated group on standard input and output."""

from groupbot.adapters.console.adapter import ConsoleAdapter, ConsoleOptions

__all__ = ["ConsoleAdapter", "ConsoleOptions"]
