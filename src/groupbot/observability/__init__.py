"""How the bot shows its work to operators: Prometheus metrics and structured logs."""

from groupbot.observability.json_logs import JsonLogFormatter
from groupbot.observability.metrics import PrometheusTelemetry, metrics_route

__all__ = ["JsonLogFormatter", "PrometheusTelemetry", "metrics_route"]
