"""The console chat: a simulated group on standard input and output."""

from groupbot.adapters.console.config import ConsoleSettings
from groupbot.adapters.console.gateway import ConsoleGateway

__all__ = ["ConsoleGateway", "ConsoleSettings"]
