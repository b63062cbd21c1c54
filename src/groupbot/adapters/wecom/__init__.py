"""WeCom (WeChat for businesses): a smart robot in API mode and send-only group robots."""

from groupbot.adapters.wecom.gateway import WeComGateway

__all__ = ["WeComGateway"]
