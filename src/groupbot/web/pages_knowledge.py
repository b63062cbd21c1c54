"""The knowledge base: list and search, add and edit with a preview, delete, try a question, import."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import asdict, replace
from datetime import timedelta
from typing import Any

from aiohttp import web

from groupbot.core.faq import FaqEntry
from groupbot.core.messages import Role
from groupbot.core.tickets import Category
from groupbot.faqfiles import scan_faq_dir
from groupbot.faqfiles.tables import plan_import, read_upload
from groupbot.features.commands.context import CommandRefused
from groupbot.features.knowledge.edit_commands import split_list
from groupbot.features.knowledge.editor import FaqChange
from groupbot.features.texts import render as chat_text
from groupbot.web.actions import CONSOLE_CHAT
from groupbot.web.guard import FORM, LOCALE, console_of, flash, render, session_of, signed_in
from groupbot.web.texts import translate

__all__ = ["routes"]

MAX_UPLOAD = 5 * 1024 * 1024
PENDING_IMPORT_LIFETIME = timedelta(hours=1)


# Paths under /knowledge/ that are pages, not entries: an entry by one of these ids could not be opened.
_PAGE_NAMES = frozenset({"new", "import", "try", "preview", "save"})


def routes() -> list[web.AbstractRouteDef]:
    """The knowledge base pages."""
    return [
        web.get("/knowledge", entries),
        web.get("/knowledge/new", new_entry),
        web.get("/knowledge/import", import_form),
        web.post("/knowledge/import", import_preview),
        web.post("/knowledge/import/{plan}", import_apply),
        web.post("/knowledge/try", try_question),
        web.post("/knowledge/preview", preview_answer),
        web.post("/knowledge/save", save_entry),
        web.get("/knowledge/{entry_id}", edit_entry),
        web.post("/knowledge/{entry_id}/delete", delete_entry),
    ]


@signed_in()
async def entries(request: web.Request) -> web.StreamResponse:
    """Every entry, or those containing the search text in any field."""
    async with console_of(request).uow_factory() as uow:
        found = await uow.faq.all()
    wanted = request.query.get("q", "").strip()
    if wanted:
        found = [entry for entry in found if entry.mentions(wanted)]
    return render(request, "knowledge.html", {"entries": found, "q": request.query.get("q", ""), "total": len(found)})


@signed_in()
async def new_entry(request: web.Request) -> web.StreamResponse:
    """An empty form."""
    return _form(request, FaqEntry("", "", ""), is_new=True)


@signed_in()
async def edit_entry(request: web.Request) -> web.StreamResponse:
    """The form for one entry."""
    entry = console_of(request).catalog.entry(request.match_info["entry_id"])
    if entry is None:
        return render(request, "message.html", {"message": translate("not_found", request[LOCALE])}, status=404)
    return _form(request, entry, is_new=False)


def _form(request: web.Request, entry: FaqEntry, is_new: bool, problem: str = "", status: int = 200) -> web.Response:
    context = {"entry": entry, "is_new": is_new, "categories": [c.value for c in Category], "problem": problem}
    return render(request, "entry_form.html", context, status=status)


@signed_in()
async def save_entry(request: web.Request) -> web.StreamResponse:
    """Write the entry to the FAQ files and reload, as ``/faq edit`` does."""
    form = request[FORM]
    entry = FaqEntry(
        id=_field(form, "id"),
        question=_field(form, "question"),
        answer=_field(form, "answer"),
        aliases=split_list(_field(form, "aliases")),
        category=_field(form, "category") or "other",
        tags=split_list(_field(form, "tags")),
    )
    console = console_of(request)
    old = console.catalog.entry(entry.id)
    if old is not None:  # fields the form does not show stay as they were
        entry = replace(entry, product=old.product, version=old.version, locale=old.locale)
    is_new = form.get("is_new") == "1"
    if is_new and old is not None:
        problem = translate("entry_exists", request[LOCALE], id=entry.id)
        return _form(request, entry, is_new=True, problem=problem, status=409)
    if is_new and entry.id.lower() in _PAGE_NAMES:  # /knowledge/new would open the form, never this entry
        problem = translate("entry_id_taken_by_page", request[LOCALE], id=entry.id)
        return _form(request, entry, is_new=True, problem=problem, status=422)
    try:
        async with console.uow_factory() as uow:
            count = await console.editor.save(uow, entry, _change(request), "/faq add" if is_new else "/faq edit")
            await uow.commit()
    except CommandRefused as refused:
        problem = chat_text(refused.key, request[LOCALE], **refused.params)
        return _form(request, entry, is_new=is_new, problem=problem, status=422)
    flash(request, translate("saved_entry", request[LOCALE], id=entry.id, count=count))
    raise web.HTTPSeeOther(f"/knowledge/{entry.id}")


@signed_in(Role.ADMIN)
async def delete_entry(request: web.Request) -> web.StreamResponse:
    """Remove the entry from the files, as ``/faq delete`` does (admins only, in both places)."""
    console = console_of(request)
    entry_id = request.match_info["entry_id"]
    try:
        async with console.uow_factory() as uow:
            count = await console.editor.delete(uow, entry_id, _change(request))
            await uow.commit()
    except CommandRefused as refused:
        flash(request, chat_text(refused.key, request[LOCALE], **refused.params), done=False)
        raise web.HTTPSeeOther("/knowledge") from None
    flash(request, translate("deleted_entry", request[LOCALE], id=entry_id, count=count))
    raise web.HTTPSeeOther("/knowledge")


@signed_in()
async def try_question(request: web.Request) -> web.StreamResponse:
    """What the bot would do with a question: decision, reason, the nearest entries and the thresholds in force."""
    console = console_of(request)
    text = _field(request[FORM], "question")[:2000]
    decision = console.catalog.decide(text) if text else None
    nearest = decision.nearest if decision else ()
    candidates = [(candidate, console.catalog.entry(candidate.entry_id)) for candidate in nearest]
    context = {"decision": decision, "candidates": candidates, "question": text}
    template = "_try.html" if request.headers.get("HX-Request") else "try.html"
    return render(request, template, context)


@signed_in()
async def preview_answer(request: web.Request) -> web.StreamResponse:
    """The answer as the chat will show it (plain text, lines kept)."""
    answer = _field(request[FORM], "answer")
    return render(request, "_preview.html", {"answer": answer})


@signed_in()
async def import_form(request: web.Request) -> web.StreamResponse:
    """Upload a CSV, XLSX or JSONL file."""
    return render(request, "import.html", {"plan": None, "plan_id": "", "problem": ""})


@signed_in()
async def import_preview(request: web.Request) -> web.StreamResponse:
    """Read the upload and show what would be added or changed, and which rows are bad and why."""
    upload = request[FORM].get("file")
    if not isinstance(upload, web.FileField):
        return render(request, "import.html", {"plan": None, "plan_id": "", "problem": translate(
            "import_nothing", request[LOCALE])}, status=422)
    data = upload.file.read(MAX_UPLOAD + 1)
    name = upload.filename or "upload.csv"
    try:
        if len(data) > MAX_UPLOAD:
            raise ValueError(f"{name}: larger than {MAX_UPLOAD // 1024 // 1024} MB")
        upload = await asyncio.to_thread(read_upload, name, data)  # a big sheet takes a while
    except ValueError as exc:
        return render(request, "import.html", {"plan": None, "plan_id": "", "problem": str(exc)}, status=422)
    console = console_of(request)
    existing = (await asyncio.to_thread(scan_faq_dir, *console.faq_dirs)).entries
    plan = plan_import(upload, existing)
    plan_id = secrets.token_urlsafe(12)
    # In the shared short memory: the confirming click may reach another instance.
    pending = {"entries": [asdict(entry) for entry in plan.entries], "unchanged": len(plan.unchanged)}
    async with console.uow_factory() as uow:
        await uow.memory.keep(_pending_key(request, plan_id), pending, console.clock.now() + PENDING_IMPORT_LIFETIME)
        await uow.commit()
    return render(request, "import.html", {"plan": plan, "plan_id": plan_id, "problem": "", "name": name})


@signed_in()
async def import_apply(request: web.Request) -> web.StreamResponse:
    """Write the previewed good rows to ``imported.yaml`` (replacing entries in place) and reload."""
    console = console_of(request)
    key = _pending_key(request, request.match_info["plan"])
    try:
        async with console.uow_factory() as uow:
            pending = (await uow.memory.recall([key], console.clock.now())).get(key)
            if not pending or not pending["entries"]:
                flash(request, translate("import_nothing", request[LOCALE]), done=False)
                raise web.HTTPSeeOther("/knowledge/import")
            await uow.memory.forget(key)
            entries = [_entry(fields) for fields in pending["entries"]]
            result, _count = await console.editor.import_entries(uow, entries, _change(request))
            await uow.commit()
    except CommandRefused as refused:
        flash(request, chat_text(refused.key, request[LOCALE], **refused.params), done=False)
        raise web.HTTPSeeOther("/knowledge/import") from None
    text = translate("import_done", request[LOCALE], added=len(result.added), replaced=len(result.replaced),
                     unchanged=len(result.unchanged) + pending["unchanged"])
    flash(request, text)
    raise web.HTTPSeeOther("/knowledge")


def _pending_key(request: web.Request, plan_id: str) -> str:
    return f"web:import:{session_of(request).csrf}:{plan_id}"


def _entry(fields: dict[str, Any]) -> FaqEntry:
    return FaqEntry(**{**fields, "aliases": tuple(fields["aliases"]), "tags": tuple(fields["tags"])})


def _field(form: object, name: str) -> str:
    value = form.get(name, "")  # type: ignore[attr-defined]
    return value.strip() if isinstance(value, str) else ""


def _change(request: web.Request) -> FaqChange:
    session = session_of(request)
    return FaqChange(session.user, CONSOLE_CHAT, console_of(request).clock.now())
