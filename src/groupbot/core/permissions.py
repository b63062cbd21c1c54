"""Who may do what: a sender's role from configuration (the command router compares it with each command's)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from groupbot.core.messages import ChatRef, Role, Sender

__all__ = ["PermissionPolicy"]


@dataclass(frozen=True, slots=True)
class PermissionPolicy:
    """Roles from configuration.

    ``ops`` and ``admins`` hold ``platform:user_id`` keys; when
    ``chat_admins_are_ops`` is set, a group's owners and admins (as the platform
    reports them) are ops in that group only.
    """

    ops: frozenset[str] = frozenset()
    admins: frozenset[str] = frozenset()
    chat_admins_are_ops: bool = False

    @classmethod
    def from_ids(cls, ops: Iterable[str], admins: Iterable[str], chat_admins_are_ops: bool = False) -> PermissionPolicy:
        """Build a policy from configured id lists, ignoring blanks and stray spaces."""
        return cls(_keys(ops), _keys(admins), chat_admins_are_ops)

    def configured_role(self, user: str) -> Role:
        """The role configuration alone gives ``user`` (``platform:user_id``), in no chat in particular.

        The web console spans every group, so this, not a group's admin list, decides who signs in.
        """
        platform, _, user_id = user.partition(":")
        return PermissionPolicy(self.ops, self.admins).role_of(Sender(user_id), ChatRef(platform, ""))

    def role_of(self, sender: Sender, chat: ChatRef) -> Role:
        """The sender's role in ``chat``; configuration wins over what the platform says."""
        key = f"{chat.platform}:{sender.user_id}"
        if key in self.admins:
            return Role.ADMIN
        if key in self.ops:
            return Role.OPS
        if self.chat_admins_are_ops and (sender.is_chat_admin or sender.role is not Role.CUSTOMER):
            return Role.OPS
        return Role.CUSTOMER


def _keys(ids: Iterable[str]) -> frozenset[str]:
    return frozenset(key.strip() for key in ids if key.strip())
