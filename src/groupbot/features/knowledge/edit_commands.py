"""``/faq show|edit|alias|delete``: the chat's way to the same FAQ editing the web console offers."""

from __future__ import annotations

from dataclasses import replace

from groupbot.core.command_args import ArgKind
from groupbot.core.commands import Command
from groupbot.core.faq import FaqEntry
from groupbot.core.matching.matcher import normalize
from groupbot.core.messages import Role
from groupbot.features.commands.context import CommandContext, CommandRefused
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.handled import Handled
from groupbot.features.knowledge.catalog import FaqCatalog
from groupbot.features.knowledge.editor import FaqChange, FaqEditor
from groupbot.features.texts import label

__all__ = ["FaqEditCommands", "edited_entry", "split_list"]

_LIST_FIELDS = ("tags", "aliases")


def split_list(text: str) -> tuple[str, ...]:
    """Aliases or tags typed on one line (``|`` or ``,`` between them) or one per line."""
    separators = "|" if "|" in text else ("\n" if "\n" in text else ",")
    parts = (part.strip() for part in text.replace("｜", "|").split(separators))
    return tuple(dict.fromkeys(part for part in parts if part))


def edited_entry(entry: FaqEntry, field: str, text: str) -> FaqEntry:
    """``entry`` with one field set from typed text (lists split by :func:`split_list`)."""
    value: object = split_list(text) if field in _LIST_FIELDS else text.strip()
    return replace(entry, **{field: value})


class FaqEditCommands:
    """Handlers that read and change single FAQ entries through :class:`FaqEditor`."""

    def __init__(self, catalog: FaqCatalog, editor: FaqEditor) -> None:
        self._catalog = catalog
        self._editor = editor

    def commands(self) -> tuple[ChatCommand, ...]:
        """``/faq show|edit|alias|delete``; deleting is for admins, in the chat and the web console alike."""
        entry = ("entry_id", ArgKind.ENTRY)
        return (
            declare("faq show", "ID", Role.OPS, self.show, entry, en="show an FAQ entry", zh="查看 FAQ 条目"),
            declare("faq edit", "ID question|answer|category|tags|aliases text", Role.OPS, self.edit, entry,
                    ("field", ArgKind.FIELD), ("text", ArgKind.TEXT),
                    en="change one field of an FAQ entry", zh="修改 FAQ 条目的一个字段"),
            declare("faq alias", "ID text", Role.OPS, self.alias, entry, ("text", ArgKind.TEXT),
                    en="add another wording to an FAQ entry", zh="为 FAQ 条目添加一种问法"),
            declare("faq delete", "ID", Role.ADMIN, self.delete, entry, en="delete an FAQ entry", zh="删除 FAQ 条目"),
        )

    async def show(self, ctx: CommandContext, command: Command) -> Handled:
        """``/faq show ID``: the entry as the bot holds it."""
        entry = self._entry(command.text("entry_id"))
        tags = f"; {', '.join(entry.tags)}" if entry.tags else ""
        aliases = " / ".join(entry.aliases) or "-"
        text = ctx.text("faq_entry_card", entry_id=entry.id, category=entry.category, tags=tags,
                        question=entry.question, aliases=aliases, answer=entry.answer)
        return ctx.reply("faq_show", text)

    async def edit(self, ctx: CommandContext, command: Command) -> Handled:
        """``/faq edit ID field text``: change one field; written to the files, live at once."""
        entry = self._entry(command.text("entry_id"))
        field = command.text("field")
        count = await self._editor.save(ctx.uow, edited_entry(entry, field, command.text("text")), _change(ctx))
        name = label("faq_field", field, ctx.locale)
        return ctx.say("faq_edit", "faq_edited", entry_id=entry.id, field=name, count=count)

    async def alias(self, ctx: CommandContext, command: Command) -> Handled:
        """``/faq alias ID text``: one more wording that finds the entry."""
        entry = self._entry(command.text("entry_id"))
        wording = command.text("text").strip()
        if normalize(wording) in {normalize(phrasing) for phrasing in entry.phrasings}:  # nothing to learn
            return ctx.say("faq_alias_known", "faq_alias_known", entry_id=entry.id, phrasings=len(entry.phrasings))
        changed = replace(entry, aliases=(*entry.aliases, wording))
        await self._editor.save(ctx.uow, changed, _change(ctx), "/faq alias")
        return ctx.say("faq_alias", "faq_alias_added", entry_id=entry.id, phrasings=len(changed.phrasings))

    async def delete(self, ctx: CommandContext, command: Command) -> Handled:
        """``/faq delete ID``: remove the entry from the files and the matcher."""
        entry_id = command.text("entry_id")
        count = await self._editor.delete(ctx.uow, entry_id, _change(ctx))
        return ctx.say("faq_delete", "faq_deleted", entry_id=entry_id, count=count)

    def _entry(self, entry_id: str) -> FaqEntry:
        entry = self._catalog.entry(entry_id)
        if entry is None:
            raise CommandRefused("faq_no_entry", "faq_no_entry", entry_id=entry_id)
        return entry


def _change(ctx: CommandContext) -> FaqChange:
    return FaqChange(ctx.actor, ctx.message.chat.chat_id, ctx.now)
