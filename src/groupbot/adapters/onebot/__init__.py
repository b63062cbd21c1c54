"""QQ through OneBot v11 implementations (NapCat, Lagrange.OneBot, LLOneBot, go-cqhttp)."""

from groupbot.adapters.onebot.gateway import OneBotGateway

__all__ = ["OneBotGateway"]
