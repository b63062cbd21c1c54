"""The one aiohttp application: the routes gateways and features declare, /healthz, and the support console."""

from groupbot.web.server import HealthReport, build_app, mounted

__all__ = ["HealthReport", "build_app", "mounted"]
