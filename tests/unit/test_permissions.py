"""Permission policy: configured ids, chat admins, and rank checks."""

from __future__ import annotations

from groupbot.core.messages import ChatRef, Role, Sender
from groupbot.core.permissions import PermissionPolicy

TG = ChatRef("telegram", "-100")
QQ = ChatRef("onebot", "555")


def test_configured_ids_are_per_platform() -> None:
    policy = PermissionPolicy.from_ids([" telegram:42 ", ""], ["onebot:7"])
    assert policy.role_of(Sender("42"), TG) is Role.OPS
    assert policy.role_of(Sender("42"), QQ) is Role.CUSTOMER
    assert policy.role_of(Sender("7"), QQ) is Role.ADMIN


def test_chat_admins_are_ops_only_when_configured() -> None:
    owner = Sender("9", role=Role.ADMIN, is_chat_admin=True)
    assert PermissionPolicy().role_of(owner, TG) is Role.CUSTOMER
    assert PermissionPolicy(chat_admins_are_ops=True).role_of(owner, TG) is Role.OPS


def test_roles_are_ordered_by_privilege() -> None:
    policy = PermissionPolicy.from_ids(["telegram:1"], ["telegram:2"])
    ranks = [policy.role_of(Sender(user), TG).rank for user in ("3", "1", "2")]
    assert ranks == sorted(ranks) and len(set(ranks)) == 3


def test_the_configured_role_ignores_what_a_group_says() -> None:
    policy = PermissionPolicy.from_ids(["telegram:1"], ["telegram:2"], chat_admins_are_ops=True)
    assert [policy.configured_role(f"telegram:{n}") for n in (1, 2, 9)] == [Role.OPS, Role.ADMIN, Role.CUSTOMER]
    assert policy.configured_role("onebot:1") is Role.CUSTOMER
