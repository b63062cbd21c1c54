"""The one aiohttp application: webhook routes the adapters declare, /healthz, and the support console."""

from groupbot.web.server import HealthProbe, HealthReport, WebRoutes, build_app, mounted

__all__ = ["HealthProbe", "HealthReport", "WebRoutes", "build_app", "mounted"]
