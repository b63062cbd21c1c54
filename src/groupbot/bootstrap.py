"""Wiring: the only module that knows every concrete class.

:func:`open_bot` builds the database, FAQ, services and outbound path from
:class:`~groupbot.settings.Settings`; :func:`run` adds the chat adapters and
serves until the console input ends or the process is told to stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.adapters.console import ConsoleAdapter, ConsoleOptions
from groupbot.adapters.onebot import OneBotGateway
from groupbot.adapters.telegram import BotCommands, CommandMenu, TelegramGateway
from groupbot.adapters.wecom import WeComGateway
from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.clock import SystemClock
from groupbot.core.faq import FaqEntry
from groupbot.core.language import EN, ZH
from groupbot.core.matching import Matcher, SentenceEncoder, Thresholds
from groupbot.core.messages import ChatRef
from groupbot.core.permissions import PermissionPolicy
from groupbot.core.ports import ChatGateway, Clock, UnitOfWorkFactory
from groupbot.core.repeats import RepeatFinder
from groupbot.core.routing import Destination, DestinationKind
from groupbot.db import create_engine, unit_of_work_factory, upgrade
from groupbot.faqfiles import load_faq_dir, upsert_entry
from groupbot.semantic.cache import CachedEncoder
from groupbot.semantic.universal import load_universal_encoder
from groupbot.service.answering import AnswerFlow
from groupbot.service.catalog import FaqCatalog, MatcherBuilder
from groupbot.service.chat_commands import ChatCommands
from groupbot.service.choices import PendingChoices
from groupbot.service.classification_rules import load_rules
from groupbot.service.command_menu import command_menu
from groupbot.service.commands import CommandRouter
from groupbot.service.cooldown import QuestionCooldown
from groupbot.service.dead_letters import DeadLetterNotice
from groupbot.service.delivery_failures import DeliveryFailures
from groupbot.service.desk_commands import DeskCommands
from groupbot.service.digest_job import DigestJob, DigestPublication, DigestSchedule, would_answer
from groupbot.service.escalation_commands import EscalationCommands
from groupbot.service.escalation_config import backoff_from, routing_table_from, sla_policy_from
from groupbot.service.escalation_desk import EscalationDesk
from groupbot.service.faq_commands import FaqCommands
from groupbot.service.faq_sync import FaqSync
from groupbot.service.feedback import FeedbackDesk
from groupbot.service.follow_up_desk import FollowUpDesk, FollowUpJob
from groupbot.service.ops_inbox import OpsInbox, parse_chat_key
from groupbot.service.outbound import Outbound
from groupbot.service.outbox_delivery import ChatDelivery, WebhookDelivery, WebhookEndpoint
from groupbot.service.outbox_sender import OutboxSender
from groupbot.service.periodic import every
from groupbot.service.reply_outbox import ReplyOutbox
from groupbot.service.router import MessageRouter
from groupbot.service.sla_watch import SlaWatch
from groupbot.service.texts import render
from groupbot.service.ticket_commands import TicketCommands
from groupbot.service.ticket_desk import TicketDesk
from groupbot.service.tracker_webhook import RESOLVED_PATH, TrackerWebhook
from groupbot.settings import Settings
from groupbot.web import HealthProbe, WebRoutes, build_app

__all__ = ["Bot", "matcher_builder", "open_bot", "run", "throwaway_matcher"]

log = logging.getLogger(__name__)


def matcher_builder(settings: Settings) -> MatcherBuilder:
    """How the live bot builds its matcher from FAQ entries (``groupbot eval`` uses it too).

    With the sentence encoder (the default) thresholds are on the model's scale
    and category overrides apply; without it, the ``matching.lexical`` ones.
    """
    matching = settings.matching
    encoder = sentence_encoder(settings)
    lexical = Thresholds(matching.lexical.answer, matching.lexical.suggest, matching.lexical.margin)
    if encoder is None:
        if matching.categories:
            log.warning("matching.categories apply to the model's scale; ignored while matching on words only")
        return partial(Matcher, thresholds=lexical)
    thresholds = Thresholds(matching.answer, matching.suggest, matching.margin)
    by_category = {
        name: Thresholds(
            thresholds.answer if t.answer is None else t.answer,
            thresholds.suggest if t.suggest is None else t.suggest,
            thresholds.margin if t.margin is None else t.margin,
        )
        for name, t in matching.categories.items()
    }
    return partial(Matcher, thresholds=thresholds, category_thresholds=by_category, encoder=encoder,
                   lexical_thresholds=lexical)


def sentence_encoder(settings: Settings) -> SentenceEncoder | None:
    """The shared sentence encoder, behind the on-disk vector cache when one is configured; None if off or missing."""
    model = settings.matching.model
    if not model.enabled:
        log.warning("matching.model.enabled is false: matching on words only")
        return None
    encoder = load_universal_encoder()
    if encoder is None or model.cache_dir is None:
        return encoder
    return CachedEncoder(encoder, model.cache_dir / encoder.name)


async def throwaway_matcher(settings: Settings, entries: Sequence[FaqEntry]) -> Matcher:
    """The live matcher over ``entries`` after a round trip through a temporary SQLite FAQ store.

    ``groupbot eval`` uses it so its numbers include exactly what the bot does:
    store, reload, :func:`matcher_builder` with the configured thresholds.
    """
    with tempfile.TemporaryDirectory(prefix="groupbot-eval-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'eval.db'}"
        await upgrade(url)
        engine = create_engine(url)
        try:
            async with unit_of_work_factory(engine)() as uow:
                await uow.faq.replace_all(entries)
                await uow.commit()
            async with unit_of_work_factory(engine)() as uow:
                stored = await uow.faq.all()
        finally:
            await engine.dispose()
    return matcher_builder(settings)(stored)


@dataclass
class Bot:
    """Everything but the adapters: storage, FAQ, services, outbound path."""

    settings: Settings
    engine: AsyncEngine
    uow_factory: UnitOfWorkFactory
    catalog: FaqCatalog
    faq_sync: FaqSync
    router: MessageRouter
    outbound: Outbound
    escalation: Escalation
    gateways: list[ChatGateway] = field(default_factory=list)

    async def close(self) -> None:
        """Release the webhook session and the database connections."""
        await self.escalation.webhooks.close()
        await self.engine.dispose()


async def open_bot(settings: Settings, *, refresh_faq: bool = True, clock: Clock | None = None) -> Bot:
    """Migrate the database, load the FAQ and build the services (``clock``: tests pass a settable one)."""
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        return await _assemble(settings, engine, refresh_faq, clock or SystemClock())
    except BaseException:  # bad FAQ files or settings: release the connections, then report
        await engine.dispose()
        raise


async def _assemble(settings: Settings, engine: AsyncEngine, refresh_faq: bool, clock: Clock) -> Bot:
    uow_factory = unit_of_work_factory(engine)
    catalog = FaqCatalog(matcher_builder(settings))
    faq_sync = FaqSync(partial(load_faq_dir, settings.faq_dir), catalog)
    async with uow_factory() as uow:
        count = await faq_sync(uow) if refresh_faq else await faq_sync.from_store(uow)
        await uow.commit()
    log.info("FAQ loaded: %d entries from %s", count, settings.faq_dir)
    failures = DeliveryFailures(uow_factory, clock, parse_chat_key(settings.ops.chat), _ops_locale(settings))
    outbound = Outbound(on_failure=failures)
    failures.send = outbound.send
    escalation = _escalation(settings, uow_factory, outbound, clock, catalog)
    router = _router(settings, uow_factory, catalog, faq_sync, outbound, clock, escalation)
    return Bot(settings, engine, uow_factory, catalog, faq_sync, router, outbound, escalation)


@dataclass
class Escalation:
    """The way out: routing desk, outbox sender, and the scheduled jobs (digest, SLA, follow-ups)."""

    desk: EscalationDesk
    sender: OutboxSender
    webhooks: WebhookDelivery
    follow_ups: FollowUpDesk
    jobs: dict[str, tuple[float, Callable[[], Awaitable[object]]]]
    routes: list[web.AbstractRouteDef]


def _escalation(
    settings: Settings, uow_factory: UnitOfWorkFactory, outbound: Outbound, clock: Clock, catalog: FaqCatalog
) -> Escalation:
    part = settings.escalation
    ops_chat = Destination(DestinationKind.CHAT, settings.ops.chat) if settings.ops.chat else None
    links = {"resolve": part.public_url.rstrip("/") + RESOLVED_PATH} if part.public_url else {}
    follow_up = timedelta(hours=part.follow_up_hours) if part.follow_up_hours else None
    desk = EscalationDesk(routing_table_from(part), locale=part.locale, links=links, follow_up_after=follow_up,
                          webhooks=frozenset(part.webhooks))
    endpoints = {name: WebhookEndpoint(hook.url, hook.secret.get_secret_value().encode(), hook.timeout_seconds)
                 for name, hook in part.webhooks.items()}
    webhooks = WebhookDelivery(endpoints, clock)
    deliveries = {DestinationKind.CHAT: ChatDelivery(outbound.gateway), DestinationKind.WEBHOOK: webhooks}
    dead_letters = DeadLetterNotice(ops_chat, clock, part.locale)
    sender = OutboxSender(uow_factory, deliveries, clock, backoff_from(part.outbox), on_dead=dead_letters)
    follow_ups = FollowUpDesk(ops_chat, part.locale)
    digest = settings.digest
    publication = DigestPublication(
        [*([ops_chat] if ops_chat else []), *map(Destination.parse, digest.destinations)], digest.locale, digest.chart
    )
    schedule = DigestSchedule(digest.weekday, digest.at, digest.timezone)
    instance = f"{socket.gethostname()}:{os.getpid()}"
    digest_job = DigestJob(uow_factory, clock, schedule, publication, would_answer(catalog), instance, sender.wake)
    sla = SlaWatch(uow_factory, clock, sla_policy_from(settings.sla), ops_chat,
                   remind_every=timedelta(minutes=settings.sla.remind_every_minutes), locale=part.locale,
                   on_queued=sender.wake)
    jobs: dict[str, tuple[float, Callable[[], Awaitable[object]]]] = {
        "follow-up": (60.0, FollowUpJob(uow_factory, clock, follow_ups, sender.wake).run_once),
        "SLA": (60.0, sla.run_once),
    }
    if digest.enabled:
        jobs["digest"] = (60.0, digest_job.run_once)
    routes: list[web.AbstractRouteDef] = []
    if part.inbound_secret is not None:
        secret = part.inbound_secret.get_secret_value().encode()
        routes = TrackerWebhook(uow_factory, desk, clock, secret, sender.wake).web_routes()
    return Escalation(desk, sender, webhooks, follow_ups, jobs, routes)


def _router(
    settings: Settings,
    uow_factory: UnitOfWorkFactory,
    catalog: FaqCatalog,
    faq_sync: FaqSync,
    outbound: Outbound,
    clock: Clock,
    escalation: Escalation,
) -> MessageRouter:
    """The message router with every service it feeds."""
    desk = _ticket_desk(settings, clock, escalation.desk)
    feedback = FeedbackDesk(desk, enabled=settings.tickets.feedback)
    cooldown = QuestionCooldown(timedelta(seconds=settings.tickets.cooldown_seconds))
    answers = AnswerFlow(catalog, desk, PendingChoices(), feedback, cooldown)
    commands = _command_router(settings, clock, catalog, faq_sync, escalation)
    console_mode = AddressMode(settings.console.mode)

    def chat_defaults(chat: ChatRef) -> ChatSettings:
        return ChatSettings(chat, console_mode if chat.platform == "console" else AddressMode.MENTION)

    return MessageRouter(
        uow_factory,
        commands,
        answers,
        outbound,
        chat_defaults,
        settings.locale,
        reply_outbox=ReplyOutbox(clock, escalation.sender.run_once),
        follow_ups=escalation.follow_ups,
    )


def _ticket_desk(settings: Settings, clock: Clock, escalation: EscalationDesk) -> TicketDesk:
    rules = load_rules(settings.tickets.classification_file)
    inbox = OpsInbox(parse_chat_key(settings.ops.chat), _ops_locale(settings))
    repeats = RepeatFinder(settings.tickets.merge_threshold)
    return TicketDesk(clock, rules, repeats, inbox, auto_escalate=escalation.auto_escalate)


def _ops_locale(settings: Settings) -> str:
    return settings.locale if settings.locale != "auto" else "en"


def _command_router(
    settings: Settings, clock: Clock, catalog: FaqCatalog, faq_sync: FaqSync, escalation: Escalation
) -> CommandRouter:
    ops = [*settings.ops.users, *(f"console:{name}" for name in settings.console.ops_users)]
    policy = PermissionPolicy.from_ids(ops, settings.ops.admins, settings.ops.chat_admins_are_ops)
    faq = FaqCommands(catalog, faq_sync, partial(_write_faq_entry, settings.faq_dir))
    outbox = EscalationCommands(settings.sla.timezone, escalation.sender.wake)
    tables = [TicketCommands(escalation.desk).handlers(), faq.handlers(), DeskCommands().handlers(), outbox.handlers()]
    router = CommandRouter(policy, clock, tables)
    router.add(ChatCommands(lambda: router.names).handlers())
    return router


async def _write_faq_entry(faq_dir: Path, entry: FaqEntry) -> None:
    # File I/O off the event loop; a FaqFileError (a ValueError) reaches the command as its reply.
    await asyncio.to_thread(upsert_entry, faq_dir, entry)


def _gateways(settings: Settings) -> list[ChatGateway]:
    gateways: list[ChatGateway] = []
    platforms = settings.platforms()
    if "telegram" in platforms:
        gateways.append(_telegram(settings))
    if "qq" in platforms:
        gateways.append(OneBotGateway(settings.onebot))
    if "wecom" in platforms:
        gateways.append(WeComGateway(settings.wecom))
    console_on = settings.console.enabled if settings.console.enabled is not None else not gateways
    if console_on:
        options = ConsoleOptions(settings.console.chat, settings.console.default_user, settings.console.echo)
        gateways.append(ConsoleAdapter(options))
    return gateways


def _telegram(settings: Settings) -> TelegramGateway:
    """Telegram with its command menus; member status is looked up only when chat admins are ops."""
    return TelegramGateway(
        settings.telegram,
        commands=telegram_commands(),
        look_up_roles=settings.ops.chat_admins_are_ops,
        not_yours={locale: render("buttons_not_yours", locale) for locale in (EN, ZH)},
    )


def telegram_commands() -> BotCommands:
    """Telegram's command menus: English by default, Chinese for Chinese-language users."""
    menus = {language: command_menu(locale) for language, locale in (("", EN), ("zh", ZH))}
    return {language: CommandMenu(menu.everyone, menu.staff) for language, menu in menus.items()}


async def run(settings: Settings) -> int:
    """Run the bot until console input ends or SIGINT/SIGTERM; returns the exit code."""
    bot = await open_bot(settings)
    bot.gateways = _gateways(settings)
    stop = asyncio.Event()
    _on_signals(stop.set)
    runner = await _serve_web(settings, bot.gateways, bot.escalation.routes)
    tasks: list[asyncio.Task[None]] = []
    try:
        for gateway in bot.gateways:
            bot.outbound.register(gateway)
            await gateway.start(bot.router)
        tasks = _start_jobs(settings, bot.escalation)
        await _wait(bot.gateways, stop)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for gateway in reversed(bot.gateways):
            await gateway.stop()
        if runner is not None:
            await runner.cleanup()
        await bot.close()
    return 0


def _start_jobs(settings: Settings, escalation: Escalation) -> list[asyncio.Task[None]]:
    """The outbox sender and the scheduled jobs, as background tasks cancelled on shutdown."""
    tasks = [asyncio.create_task(escalation.sender.run(settings.escalation.outbox.poll_seconds), name="outbox")]
    for name, (interval, step) in escalation.jobs.items():
        tasks.append(asyncio.create_task(every(interval, step, name), name=name))
    return tasks


async def _wait(gateways: Sequence[ChatGateway], stop: asyncio.Event) -> None:
    waits = [asyncio.create_task(stop.wait())]
    closable = (ConsoleAdapter, TelegramGateway)  # console input ended; Telegram polling refused
    waits += [asyncio.create_task(g.wait_closed()) for g in gateways if isinstance(g, closable)]
    _done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()


async def _serve_web(
    settings: Settings, gateways: Sequence[ChatGateway], extra: Sequence[web.AbstractRouteDef] = ()
) -> web.AppRunner | None:
    if all(isinstance(g, ConsoleAdapter) for g in gateways) and not extra:
        return None
    routes = [route for g in gateways if isinstance(g, WebRoutes) for route in g.web_routes()] + list(extra)
    health = {g.platform: g.health for g in gateways if isinstance(g, HealthProbe)}
    app = build_app(routes, health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, settings.web.host, settings.web.port).start()
    log.info("web server on http://%s:%d", settings.web.host, settings.web.port)
    return runner


def _on_signals(callback: object) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, callback)  # type: ignore[arg-type]
