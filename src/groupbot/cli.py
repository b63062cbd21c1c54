"""The ``groupbot`` command: parse arguments, load settings, hand over to bootstrap."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from groupbot import __version__
from groupbot.core.startup import StartupFailure
from groupbot.digest_cli import add_commands as add_digest_commands
from groupbot.redaction import redact_in_logs
from groupbot.settings import ConfigError, Settings, load_settings

__all__ = ["main"]

EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for the writer when `head` stops reading
Command = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    try:
        try:
            return _main(argv)
        finally:
            sys.stdout.flush()  # buffered output meets a closed pipe here, not at interpreter exit
    except BrokenPipeError:
        # The reader has what it wanted (`groupbot digest | head`): stop quietly, like cat or grep.
        # Python flushes stdout again at exit, so point it at devnull first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    _configure_logging(settings, args)
    try:
        return args.handler(args, settings)
    except StartupFailure as exc:  # one line: the problem and what to check
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except ValueError as exc:  # broken FAQ files, bad import files: the message says where
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="groupbot", description="First-line support bot for customer chat groups.")
    parser.add_argument("--version", action="version", version=f"groupbot {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add(commands, "run", _run, "run the bot (console chat when no platform is configured)")
    ask = _add(commands, "ask", _ask, "show how the bot would answer a question")
    ask.add_argument("text", help="the question")
    ask.add_argument("--explain", action="store_true", help="show the candidates and why")
    evaluate = _add(commands, "eval", _eval, "measure matching on labelled questions (docs/matching.md)")
    evaluate.add_argument("--faq", type=Path, required=True, help='FAQ JSONL: {"id","question","aliases","answer"}')
    evaluate.add_argument("--questions", type=Path, required=True, help='JSONL: {"text","expected","slice"}')
    evaluate.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    db = _add(commands, "db", _db_upgrade, "database schema")
    db.add_argument("action", choices=["upgrade"], help="apply the migrations")
    faq = _add(commands, "faq", _faq, "check, import or export the FAQ files")
    faq.add_argument("action", choices=["check", "import", "export"])
    faq.add_argument("file", nargs="?", type=Path, help="JSONL file for import/export")
    telegram = _add(commands, "telegram", _telegram, "Telegram webhook registration (see docs/telegram.md)")
    telegram.add_argument("action", choices=["set-webhook", "delete-webhook"])
    telegram.add_argument("--drop-pending", action="store_true", help="discard updates Telegram still holds")
    web_cmd = _add(commands, "web", _web, "the support console (docs/web.md)")
    web_cmd.add_argument("action", choices=["link"], help="print a one-time sign-in link")
    web_cmd.add_argument("user", help="who signs in, as PLATFORM:USER_ID (e.g. telegram:42, console:ops)")
    add_digest_commands(commands)
    return parser


def _add(commands: argparse._SubParsersAction, name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    return parser


def _configure_logging(settings: Settings, args: argparse.Namespace) -> None:
    level = settings.log_level or ("INFO" if args.command == "run" and settings.platforms() else "WARNING")
    logging.basicConfig(level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if settings.log.format == "json":
        from groupbot.observability import JsonLogFormatter

        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonLogFormatter())
        logging.captureWarnings(True)  # library warnings become JSON lines too, not raw text
    # httpx logs every request URL at INFO: one line per Telegram long poll, noise at best;
    # Alembic says "setup plugin ..." and "Context impl ..." on every start.
    logging.getLogger("httpx").setLevel(max(logging.getLevelName(level), logging.WARNING))
    logging.getLogger("alembic").setLevel(logging.INFO if level == "DEBUG" else logging.WARNING)
    redact_in_logs(settings.secrets())  # before anything logs a URL with the bot token in it


def _run(_args: argparse.Namespace, settings: Settings) -> int:
    from groupbot.adapters.telegram import PollingConflict
    from groupbot.bootstrap import run

    try:
        return asyncio.run(run(settings))
    except PollingConflict as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _telegram(args: argparse.Namespace, settings: Settings) -> int:
    from telegram.error import TelegramError

    from groupbot.adapters.telegram import delete_webhook, set_webhook

    telegram = settings.telegram
    if telegram.token is None:
        print("error: set telegram.token (GROUPBOT_TELEGRAM__TOKEN) first", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.action == "set-webhook":
            if args.drop_pending:
                telegram = telegram.model_copy(update={"drop_pending_updates": True})
            url = asyncio.run(set_webhook(telegram))
            print(f"webhook set: Telegram now posts updates to {url}")
        else:
            asyncio.run(delete_webhook(telegram, drop_pending_updates=args.drop_pending))
            print("webhook deleted: the bot can poll again (telegram.mode = polling)")
    except TelegramError as exc:
        print(f"error: Telegram refused: {exc}", file=sys.stderr)
        return 1
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from groupbot.bootstrap import open_bot
    from groupbot.core.matching.score import Query

    async def ask() -> None:
        bot = await open_bot(settings)
        try:
            decision = bot.catalog.decide(args.text)
            best = decision.best
            print(f"decision: {decision.kind.value}")
            print(f"entry: {best.entry_id if best else '-'}")
            print(f"score: {decision.score:.3f}")
            if args.explain:
                query = Query.of(args.text)
                print(f"normalized: {query.normalized!r}")
                print(f"tokens: {' '.join(query.tokens) or '-'}")
                print(f"why: {decision.reason}")
                for rank, candidate in enumerate(decision.candidates, 1):
                    print(f"  {rank}. {candidate.entry_id}  {candidate.score:.3f}  {candidate.matched!r}")
        finally:
            await bot.close()

    asyncio.run(ask())
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from groupbot.bootstrap import throwaway_matcher
    from groupbot.features.knowledge import evaluation

    try:
        entries = evaluation.load_faq_jsonl(args.faq)
        questions = evaluation.load_questions_jsonl(args.questions)
    except OSError as exc:
        print(f"error: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    matcher = asyncio.run(throwaway_matcher(settings, entries))
    outcomes = evaluation.run_questions(matcher.decide, questions, progress=_progress_bar(len(questions)))
    result = evaluation.metrics(outcomes)
    print(json.dumps(result, ensure_ascii=False) if args.json else evaluation.report(result))
    return 0


def _progress_bar(total: int, width: int = 30) -> Callable[[int], None]:
    """A progress bar on stderr when it is a terminal, redrawn at most a hundred times."""
    step = max(total // 100, 1)
    terminal = sys.stderr.isatty()

    def show(done: int) -> None:
        if not terminal or (done % step and done != total):
            return
        filled = width * done // max(total, 1)
        end = "\n" if done == total else ""
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def _web(args: argparse.Namespace, settings: Settings) -> int:
    from groupbot.bootstrap import permission_policy
    from groupbot.core.clock import SystemClock
    from groupbot.core.messages import ChatKind, ChatRef, Role, Sender
    from groupbot.core.sign_in import SignInLinks
    from groupbot.features.console.commands import sign_in_url
    from groupbot.web.keys import signing_key

    platform, _, user_id = args.user.partition(":")
    if not platform or not user_id:
        print("error: give the user as PLATFORM:USER_ID, e.g. telegram:42", file=sys.stderr)
        return EXIT_USAGE
    role = permission_policy(settings).role_of(Sender(user_id), ChatRef(platform, "web", ChatKind.PRIVATE))
    if role is Role.CUSTOMER:
        print(f"error: {args.user} is not in ops.users or ops.admins; the console would refuse it", file=sys.stderr)
        return EXIT_USAGE
    secret = settings.web.secret.get_secret_value() if settings.web.secret else None
    links = SignInLinks(signing_key(secret, settings.web.secret_file))
    print(sign_in_url(settings.web.base_url(), links.issue(args.user, SystemClock().now())))
    return 0


def _db_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    from groupbot.db import upgrade

    migration = asyncio.run(upgrade(settings.database_url))
    if migration.changed:
        start = f"revision {migration.before}" if migration.before else "an empty database"
        print(f"database upgraded from {start} to revision {migration.after}")
    else:
        print(f"database already up to date (revision {migration.after})")
    return 0


def _faq(args: argparse.Namespace, settings: Settings) -> int:
    from groupbot import faqfiles

    if args.action == "check":
        problems = faqfiles.check_faq_dir(settings.faq_dir, settings.learned_faq_dir)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) in {settings.faq_dir}")
        return 1 if problems else 0
    if args.file is None:
        print(f"error: faq {args.action} needs a FILE", file=sys.stderr)
        return EXIT_USAGE
    if args.action == "import":
        result = _import_faq(args.file, settings)
        print(
            f"imported into {settings.learned_faq_dir}: {len(result.added)} added, {len(result.replaced)} replaced, "
            f"{len(result.unchanged)} unchanged"
        )
    else:
        count = faqfiles.export_jsonl(settings.faq_dir, args.file, settings.learned_faq_dir)
        print(f"exported {count} entries to {args.file}")
    return 0


def _import_faq(path: Path, settings: Settings) -> object:
    """JSONL as before; CSV and XLSX through the spreadsheet reader, all or nothing, problems by row and column."""
    from groupbot import faqfiles
    from groupbot.faqfiles.tables import plan_import, read_upload

    learned = settings.learned_faq_dir
    if path.suffix.lower() not in (".csv", ".xlsx"):
        return faqfiles.import_jsonl(path, settings.faq_dir, learned_dir=learned)
    existing = faqfiles.scan_faq_dir(settings.faq_dir, learned).entries
    plan = plan_import(read_upload(path.name, path.read_bytes()), existing)
    if plan.problems:
        raise faqfiles.FaqFileError(plan.problems)
    return faqfiles.upsert_entries(settings.faq_dir, [*plan.entries, *plan.unchanged], "imported.yaml", learned)
