"""Wiring: the only module that knows every concrete class.

:func:`open_bot` builds the database, FAQ, services and outbound path from
:class:`~groupbot.settings.Settings`; :func:`run` adds the chat adapters and
serves until the console input ends or the process is told to stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from aiohttp import web
from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.adapters.console import ConsoleGateway
from groupbot.adapters.http_client import AiohttpPoster
from groupbot.adapters.onebot import OneBotGateway
from groupbot.adapters.telegram import BotCommands, CommandMenu, TelegramGateway
from groupbot.adapters.wecom import WeComGateway
from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.clock import SystemClock
from groupbot.core.digest import Digest, IsoWeek, build_digest
from groupbot.core.faq import FaqEntry
from groupbot.core.http import HttpRoute
from groupbot.core.language import EN, ZH
from groupbot.core.matching import Matcher, SentenceEncoder, Thresholds
from groupbot.core.messages import ChatRef, Role
from groupbot.core.permissions import PermissionPolicy
from groupbot.core.ports import ChatGateway, Clock, UnitOfWork, UnitOfWorkFactory
from groupbot.core.retry import Sleep, StoreRetry
from groupbot.core.sign_in import SignInLinks
from groupbot.core.startup import Misconfigured
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry
from groupbot.db import create_engine, unit_of_work_factory, upgrade
from groupbot.db.console_queries import SqlConsoleQueries
from groupbot.db.reply_streams import SqlReplyStreams
from groupbot.faqfiles import load_faq_dir, upsert_entry
from groupbot.faqfiles.folder import FaqFolder
from groupbot.faqfiles.sync_marks import SyncMarkFile
from groupbot.features.answering import build as answering_feature
from groupbot.features.answering.unpicked import UnpickedOffers
from groupbot.features.chats import build as chats_feature
from groupbot.features.commands.declared import ChatCommand
from groupbot.features.commands.help import help_command
from groupbot.features.commands.menu import command_menu
from groupbot.features.commands.router import CommandRouter
from groupbot.features.console import build as console_feature
from groupbot.features.digest import build as digest_feature
from groupbot.features.digest.chart import render_chart
from groupbot.features.digest.job import would_answer
from groupbot.features.escalation import build as escalation_feature
from groupbot.features.escalation.build import Escalation
from groupbot.features.escalation.config import sla_policy_from
from groupbot.features.feature import Feature, Job
from groupbot.features.knowledge import build as knowledge_feature
from groupbot.features.knowledge.batching import QuestionBatcher
from groupbot.features.knowledge.build import Knowledge, SharedFaq
from groupbot.features.knowledge.catalog import FaqCatalog, MatcherBuilder
from groupbot.features.knowledge.sync import FaqSync
from groupbot.features.message_router import MessageRouter
from groupbot.features.outbox import build as outbox_feature
from groupbot.features.outbox.build import Outbox
from groupbot.features.outbox.outbound import Outbound
from groupbot.features.texts import render
from groupbot.features.tickets import build as tickets_feature
from groupbot.features.tickets.build import Tickets
from groupbot.features.tickets.look_alikes import LookAlikes
from groupbot.features.tickets.picture_copies import PictureCopier
from groupbot.features.tickets.picture_copies import retention_feature as picture_retention
from groupbot.observability import PrometheusTelemetry, metrics_route
from groupbot.semantic.cache import CachedEncoder
from groupbot.semantic.universal import UniversalSentenceEncoder, load_universal_encoder
from groupbot.semantic.wordvectors import load_word_vectors
from groupbot.settings import Settings, WebSettings
from groupbot.web import build_app, mounted
from groupbot.web.actions import ConsoleCommands
from groupbot.web.console import Console
from groupbot.web.console import install as install_console
from groupbot.web.keys import signing_key

__all__ = [
    "Bot", "chat_commands", "command_router", "matcher_builder", "open_bot", "run", "throwaway_matcher", "web_console",
    "wecom_gateway",
]

log = logging.getLogger(__name__)
NOTHING_TO_RUN = (
    "no chat platform is configured and the console is off: set GROUPBOT_TELEGRAM__TOKEN, "
    "GROUPBOT_ONEBOT__ENABLED=true or GROUPBOT_WECOM__TOKEN with GROUPBOT_WECOM__ENCODING_AES_KEY "
    "(README, Configuration), or GROUPBOT_CONSOLE__ENABLED=true to chat on standard input"
)


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
                   word_vectors=load_word_vectors(), lexical_thresholds=lexical)


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
    """Everything but the adapters: storage, FAQ, the features and the way out."""

    settings: Settings
    engine: AsyncEngine
    uow_factory: UnitOfWorkFactory
    catalog: FaqCatalog
    faq_sync: FaqSync
    router: MessageRouter
    commands: CommandRouter
    outbox: Outbox
    features: list[Feature]
    clock: Clock
    telemetry: PrometheusTelemetry
    knowledge: Knowledge
    sign_in: SignIn
    pictures: PictureCopier
    gateways: list[ChatGateway] = field(default_factory=list)

    @property
    def outbound(self) -> Outbound:
        """Direct replies, through the gateway of each platform."""
        return self.outbox.outbound

    def job(self, name: str) -> Job:
        """The scheduled job called ``name`` (tests step it with a settable clock)."""
        return next(job for feature in self.features for job in feature.jobs if job.name == name)

    async def close(self) -> None:
        """Stop copying pictures; release the webhook session and the database connections."""
        await self.pictures.close()
        await self.outbox.webhooks.close()
        await self.engine.dispose()


async def open_bot(
    settings: Settings,
    *,
    refresh_faq: bool = True,
    clock: Clock | None = None,
    telemetry: PrometheusTelemetry | None = None,
    store_retry: StoreRetry | None = None,
    sleep: Sleep = asyncio.sleep,
) -> Bot:
    """Migrate the database, load the FAQ and build the features.

    ``clock``: tests pass a settable one; ``telemetry``: the metrics, each bot
    (and each test) with its own registry unless one is given; ``store_retry``
    and ``sleep``: tests pass a shorter patience and a sleep that does not wait
    on the wall clock.
    """
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        metrics = telemetry or PrometheusTelemetry(CollectorRegistry())
        retrying = (store_retry, sleep)
        return await _assemble(settings, engine, refresh_faq, clock or SystemClock(), metrics, retrying)
    except BaseException:  # bad FAQ files or settings: release the connections, then report
        await engine.dispose()
        raise


async def _assemble(
    settings: Settings,
    engine: AsyncEngine,
    refresh_faq: bool,
    clock: Clock,
    telemetry: PrometheusTelemetry,
    retrying: tuple[StoreRetry | None, Sleep],
) -> Bot:
    uow_factory = unit_of_work_factory(engine, clock)
    knowledge = _knowledge(settings, telemetry, uow_factory)
    sign_in = _sign_in(settings)
    async with uow_factory() as uow:
        count = await knowledge.sync(uow) if refresh_faq else await knowledge.sync.from_store(uow)
        await uow.commit()
    log.info("FAQ loaded: %d entries from %s and %s", count, settings.faq_dir, settings.learned_faq_dir)
    parts = _features(settings, uow_factory, clock, knowledge, sign_in, telemetry)
    commands = command_router(settings, clock, parts.features)
    answers = answering_feature.build(settings.tickets, knowledge.catalog, parts.tickets)
    pictures = PictureCopier(uow_factory, parts.outbox.outbound.picture, clock)
    router = MessageRouter(
        uow_factory, commands, answers, parts.outbox.outbound, _chat_defaults(settings), settings.locale,
        clock=clock, reply_outbox=parts.outbox.replies, follow_ups=parts.escalation.follow_ups, pictures=pictures,
        telemetry=telemetry, retry=retrying[0], sleep=retrying[1],
    )
    return Bot(settings, engine, uow_factory, knowledge.catalog, knowledge.sync, router, commands, parts.outbox,
               parts.features, clock, telemetry, knowledge, sign_in, pictures)


@dataclass(frozen=True, slots=True)
class SignIn:
    """The web console's sign-in links and where they point (known once the server listens)."""

    links: SignInLinks
    address: list[str]

    def base_url(self) -> str:
        """The console's address for links."""
        return self.address[0]


def _sign_in(settings: Settings) -> SignIn:
    part = settings.web
    secret = part.secret.get_secret_value() if part.secret else None
    # The key is read (or created) at the first link: `groupbot ask` never touches the key file.
    return SignIn(SignInLinks(partial(signing_key, secret, part.secret_file)), [part.base_url()])


@dataclass(frozen=True, slots=True)
class _Parts:
    features: list[Feature]
    outbox: Outbox
    escalation: Escalation
    tickets: Tickets


def _features(
    settings: Settings,
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    knowledge: Knowledge,
    sign_in: SignIn,
    telemetry: Telemetry = NO_TELEMETRY,
) -> _Parts:
    """Every feature, in the order /help lists their commands; building one does no I/O."""
    ops_chat = settings.ops.chat
    outbox = outbox_feature.build(settings.escalation, uow_factory, clock, AiohttpPoster(), ops_chat, telemetry)
    wake = outbox.sender.wake
    escalation = escalation_feature.build(settings.escalation, settings.sla, uow_factory, clock, ops_chat, wake)
    tickets = tickets_feature.build(settings.tickets, clock, escalation.desk, ops_chat, _ops_locale(settings),
                                    telemetry, _look_alikes(settings))
    features = [
        tickets.feature,
        knowledge.feature,
        chats_feature.build(),
        outbox.feature,
        escalation.feature,
        digest_feature.build(settings.digest, uow_factory, clock, knowledge.catalog, ops_chat, wake),
        console_feature.build(sign_in.links, sign_in.base_url, _console_staff(settings)),
        answering_feature.memory_feature(uow_factory, clock, _unpicked(settings, uow_factory, clock, knowledge,
                                                                   tickets, outbox)),
        picture_retention(uow_factory, clock, settings.tickets.picture_days),
    ]
    return _Parts(features, outbox, escalation, tickets)


def _unpicked(
    settings: Settings, uow_factory: UnitOfWorkFactory, clock: Clock, knowledge: Knowledge, tickets: Tickets,
    outbox: Outbox,
) -> UnpickedOffers | None:
    if not settings.tickets.unpicked_offers:
        return None
    return UnpickedOffers(uow_factory, clock, tickets.desk, knowledge.catalog, outbox.replies, settings.locale)


def _console_staff(settings: Settings) -> Callable[[str], bool]:
    policy = permission_policy(settings)
    return lambda user: policy.configured_role(user) is not Role.CUSTOMER


def chat_commands(settings: Settings) -> tuple[ChatCommand, ...]:
    """Every command the bot registers with ``settings``, built without a database (menus, tests)."""

    def no_database() -> UnitOfWork:
        raise RuntimeError("chat_commands() builds the commands only; it has no database")

    clock = SystemClock()
    parts = _features(settings, no_database, clock, _knowledge(settings), _sign_in(settings))
    return command_router(settings, clock, parts.features).commands


def _knowledge(
    settings: Settings, telemetry: Telemetry = NO_TELEMETRY, uow_factory: UnitOfWorkFactory | None = None
) -> Knowledge:
    write = partial(_write_faq_entry, settings.faq_dir, settings.learned_faq_dir)
    load = partial(load_faq_dir, settings.faq_dir, settings.learned_faq_dir)
    files = FaqFolder(settings.faq_dir, settings.learned_faq_dir)
    shared = None
    if uow_factory is not None:
        marks = SyncMarkFile(settings.learned_faq_dir)
        shared = SharedFaq(uow_factory, files.mirror, marks, settings.faq_check_seconds)
    return knowledge_feature.build(load, write, matcher_builder(settings), files, telemetry,
                                   questions=_question_batcher(settings, telemetry), shared=shared)


def _encoder(settings: Settings) -> UniversalSentenceEncoder | None:
    """The sentence encoder, unless the settings turn it off or it is not installed."""
    return load_universal_encoder() if settings.matching.model.enabled else None


def _look_alikes(settings: Settings) -> LookAlikes | None:
    """Hints that a new ticket repeats one told in the other language, by meaning (with the encoder only)."""
    encoder = _encoder(settings)
    return None if encoder is None else LookAlikes(encoder.encode)


def _question_batcher(settings: Settings, telemetry: Telemetry) -> QuestionBatcher | None:
    """Customers' questions go to the encoder itself, in batches: the vector cache is for FAQ phrasings."""
    encoder = _encoder(settings)
    return None if encoder is None else QuestionBatcher(encoder.encode, telemetry=telemetry)


def _chat_defaults(settings: Settings) -> Callable[[ChatRef], ChatSettings]:
    console_mode = AddressMode(settings.console.mode)

    def chat_defaults(chat: ChatRef) -> ChatSettings:
        return ChatSettings(chat, console_mode if chat.platform == "console" else AddressMode.MENTION)

    return chat_defaults


def _ops_locale(settings: Settings) -> str:
    return settings.locale if settings.locale != "auto" else "en"


def permission_policy(settings: Settings) -> PermissionPolicy:
    """Who is ops or admin: one policy for the chat commands, the web console and `groupbot web link`."""
    ops = [*settings.ops.users, *(f"console:{name}" for name in settings.console.ops_users)]
    return PermissionPolicy.from_ids(ops, settings.ops.admins, settings.ops.chat_admins_are_ops)


def command_router(settings: Settings, clock: Clock, features: Sequence[Feature]) -> CommandRouter:
    """Every feature's chat commands (and /help over them), behind the configured permissions."""
    router = CommandRouter(permission_policy(settings), clock, timezone=settings.sla.timezone)
    router.add(help_command(lambda: router.commands), *(c for feature in features for c in feature.commands))
    return router


async def _write_faq_entry(faq_dir: Path, learned_dir: Path, entry: FaqEntry) -> None:
    # File I/O off the event loop; a FaqFileError (a ValueError) reaches the command as its reply.
    await asyncio.to_thread(upsert_entry, faq_dir, entry, learned_dir=learned_dir)


def _gateways(settings: Settings, bot: Bot) -> list[ChatGateway]:
    gateways: list[ChatGateway] = []
    platforms = settings.platforms()
    if "telegram" in platforms:
        gateways.append(_telegram(settings, bot.commands.commands))
    if "qq" in platforms:
        gateways.append(OneBotGateway(settings.onebot))
    if "wecom" in platforms:
        gateways.append(wecom_gateway(bot))
    console_on = settings.console.enabled if settings.console.enabled is not None else not gateways
    if console_on:
        gateways.append(ConsoleGateway(settings.console))
    return gateways


def wecom_gateway(bot: Bot) -> WeComGateway:
    """WeCom with its reply streams in the database: WeCom's polls, retries and later replies may reach
    any instance."""
    return WeComGateway(bot.settings.wecom, clock=bot.clock, streams=SqlReplyStreams(bot.engine))


def _telegram(settings: Settings, commands: Sequence[ChatCommand]) -> TelegramGateway:
    """Telegram with its command menus; member status is looked up only when chat admins are ops."""
    return TelegramGateway(
        settings.telegram,
        commands=telegram_commands(commands),
        look_up_roles=settings.ops.chat_admins_are_ops,
        not_yours={locale: render("buttons_not_yours", locale) for locale in (EN, ZH)},
    )


def telegram_commands(commands: Sequence[ChatCommand]) -> BotCommands:
    """Telegram's command menus of the registered ``commands``: English by default, Chinese for Chinese users."""
    menus = {language: command_menu(commands, locale) for language, locale in (("", EN), ("zh", ZH))}
    return {language: CommandMenu(menu.everyone, menu.staff) for language, menu in menus.items()}


async def run(settings: Settings) -> int:
    """Run the bot until console input ends or SIGINT/SIGTERM; returns the exit code."""
    if not settings.platforms() and settings.console.enabled is False:
        raise Misconfigured(NOTHING_TO_RUN)
    bot = await open_bot(settings)
    bot.gateways = _gateways(settings, bot)
    stop = asyncio.Event()
    _on_signals(stop.set)
    runner: web.AppRunner | None = None
    tasks: list[asyncio.Task[None]] = []
    try:
        routes = [route for feature in bot.features for route in feature.routes]
        runner = await _serve_web(settings, bot, routes, _metrics_route(bot))
        for gateway in bot.gateways:
            bot.outbound.register(gateway)
            await gateway.start(bot.router)
        tasks = _start_jobs(bot.features)
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


def _start_jobs(features: Sequence[Feature]) -> list[asyncio.Task[None]]:
    """Every feature's workers and scheduled jobs, as background tasks cancelled on shutdown."""
    tasks = [asyncio.create_task(w.run(), name=w.name) for feature in features for w in feature.workers]
    for job in (job for feature in features for job in feature.jobs):
        tasks.append(asyncio.create_task(job.forever(), name=job.name))
    return tasks


async def _wait(gateways: Sequence[ChatGateway], stop: asyncio.Event) -> None:
    """Until a signal, or until any gateway closes by itself (console input ended, polling refused)."""
    waits = [asyncio.create_task(stop.wait()), *(asyncio.create_task(g.wait_closed()) for g in gateways)]
    _done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


def _metrics_route(bot: Bot) -> web.AbstractRouteDef:
    async def outbox_depth() -> dict[str, int]:
        async with bot.uow_factory() as uow:
            return {status.value: count for status, count in (await uow.outbox.counts()).items()}

    return metrics_route(bot.telemetry, outbox_depth)


async def _serve_web(
    settings: Settings,
    bot: Bot,
    extra: Sequence[HttpRoute] = (),
    metrics: web.AbstractRouteDef | None = None,
) -> web.AppRunner | None:
    """The one web server: every gateway's and feature's routes, /healthz over every gateway, /metrics,
    and the support console (unless ``web.console`` is off).

    In console mode too. Without any gateway or feature route to serve (the console alone) a busy
    port is no reason to stop: it is reported and the bot runs without the web server.
    """
    gateways = bot.gateways
    needed = [route for g in gateways for route in g.web_routes()] + [mounted(route) for route in extra]
    console = [partial(install_console, console=web_console(bot))] if settings.web.console else []
    routes = [*needed, *([metrics] if metrics is not None else [])]
    app = build_app(routes, {g.platform: g.health for g in gateways}, console)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    where = f"{settings.web.host}:{settings.web.port}"
    try:
        await web.TCPSite(runner, settings.web.host, settings.web.port).start()
    except OSError as exc:
        await runner.cleanup()
        if not needed:
            log.warning("web server not started: %s is unavailable (%s); set web.port (GROUPBOT_WEB__PORT)",
                        where, exc.strerror or exc)
            return None
        raise Misconfigured(f"cannot listen on {where} ({exc.strerror or exc}); "
                            "set web.host and web.port (GROUPBOT_WEB__PORT) or stop what uses the port") from None
    log.info("web server on http://%s", where)
    _announce(settings, bot, runner)
    return runner


def _announce(settings: Settings, bot: Bot, runner: web.AppRunner) -> None:
    port = runner.addresses[0][1] if runner.addresses else settings.web.port
    if not settings.web.public_url:  # web.port 0 picks a free port: links must name the real one
        bot.sign_in.address[0] = WebSettings(host=settings.web.host, port=port).base_url()
    if not settings.web.console:
        return
    line = f"support console: {bot.sign_in.base_url()}/  (send /web in the chat for a sign-in link)"
    if settings.log.format == "json":
        log.info("%s", line)  # one JSON object per line on standard error, this one included
    else:
        print(line, file=sys.stderr, flush=True)  # shown whatever the log level


def web_console(bot: Bot) -> Console:
    """The support console over the running bot's parts: the same commands, FAQ editor and digest code."""
    settings = bot.settings

    async def week(which: IsoWeek) -> tuple[Digest, list[str]]:
        async with bot.uow_factory() as uow:
            data = await uow.digest.gather(which, settings.digest.timezone)
        return build_digest(data, would_answer(bot.catalog)), list(data.unanswered)

    return Console(
        clock=bot.clock,
        uow_factory=bot.uow_factory,
        queries=SqlConsoleQueries(bot.engine),
        commands=ConsoleCommands(bot.uow_factory, bot.commands, bot.clock, bot.outbox.replies),
        catalog=bot.catalog,
        editor=bot.knowledge.editor,
        faq_dirs=(settings.faq_dir, settings.learned_faq_dir),
        links=bot.sign_in.links,
        policy=permission_policy(settings),
        sla=sla_policy_from(settings.sla),
        digest=week,
        chart=render_chart,
        timezone=settings.digest.timezone,
        merge_threshold=settings.tickets.merge_threshold,
        default_mode=lambda platform: settings.console.mode if platform == "console" else AddressMode.MENTION.value,
        secure_cookies=(settings.web.public_url or "").startswith("https://"),
        pictures=bot.outbound.picture,
    )


def _on_signals(callback: object) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, callback)  # type: ignore[arg-type]
