"""A ticket's events as sentences in the page's language, not ``status from=open to=triaged``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from groupbot.core.tickets import TicketEvent
from groupbot.features.texts import label
from groupbot.web.texts import translate

__all__ = ["TimelineLine", "timeline"]

_BOTS = frozenset({"bot", "groupbot", "demo"})
# The data fields that hold enum values, and the label kind that names them.
_LABELLED = {
    ("status", "from"): "status", ("status", "to"): "status",
    ("reclassify", "from"): "category", ("reclassify", "to"): "category",
    ("escalate", "from"): "team", ("escalate", "to"): "team", ("routed", "team"): "team",
    ("opened", "category"): "category", ("opened", "severity"): "severity",
    ("severity", "from"): "severity", ("severity", "to"): "severity",
}


@dataclass(frozen=True, slots=True)
class TimelineLine:
    """One event: when, who, what happened (a sentence), its text if any, and a ticket it points to."""

    time: object
    actor: str
    actor_id: str
    what: str
    note: str
    other_ticket: int | None = None


def timeline(events: Sequence[TicketEvent], locale: str) -> list[TimelineLine]:
    """Every event of a ticket, oldest first, said in ``locale``.

    A status change that carries the same text as the event right after it (a resolve
    records both) shows the text once.
    """
    lines = []
    for index, event in enumerate(events):
        following = events[index + 1] if index + 1 < len(events) else None
        repeated = following is not None and following.time == event.time and following.note == event.note
        note = "" if repeated else _note(event.note, locale)
        lines.append(TimelineLine(event.time, _actor(event.actor, locale), event.actor, _what(event, locale), note,
                                  _other_ticket(event)))
    return lines


# Notes the bot writes itself (a stored event keeps them in English): said in the page's language.
_BOT_NOTES = {"asker: not solved": "note_asker_not_solved", "follow-up: not solved": "note_follow_up_not_solved"}
_AUTO_RULE = "auto: "


def _note(note: str, locale: str) -> str:
    if note in _BOT_NOTES:
        return translate(_BOT_NOTES[note], locale)
    if note.startswith(_AUTO_RULE):
        return translate("note_auto_rule", locale, rule=note.removeprefix(_AUTO_RULE))
    return note


def _actor(actor: str, locale: str) -> str:
    if actor in _BOTS:
        return translate("event_actor_bot", locale)
    return actor.partition(":")[2] or actor


def _what(event: TicketEvent, locale: str) -> str:
    key = f"event_{event.kind}"
    if event.kind == "report" and "answers" in event.data:  # what an asker said back to ops' /reply
        key = "event_report_answer"
    elif event.kind == "report" and "adds" in event.data:  # what a reporter added right after their report
        key = "event_report_details"
    elif event.kind == "report" and "code" in event.data:  # joined by the error code it names, not by words
        key = "event_report_code"
    elif event.kind == "report" and "score" not in event.data:
        key = "event_report_unscored"
    elif event.kind == "split" and "from" in event.data:  # the new ticket's side of a split
        key = "event_split_from"
    data = {name: _value(event.kind, name, str(value), locale) for name, value in event.data.items()}
    try:
        return translate(key, locale, **data)
    except KeyError:  # an event (or an older event's fields) this console does not know: shown as stored
        details = " ".join(f"{name}={value}" for name, value in sorted(event.data.items()))
        return f"{event.kind} {details}".strip()


def _value(kind: str, name: str, value: str, locale: str) -> str:
    labelled = _LABELLED.get((kind, name))
    if labelled is None or not value:
        return value
    try:
        return label(labelled, value, locale)
    except KeyError:  # a value newer than this console
        return value


# Events that name another ticket, and the fields that may hold it.
_POINTS_AT = {"merged": ("from",), "look_alike": ("ticket",), "split": ("to", "from")}


def _other_ticket(event: TicketEvent) -> int | None:
    numbers = [event.data.get(field, "") for field in _POINTS_AT.get(event.kind, ())]
    number = next((found for found in numbers if found), "")
    return int(number) if number.isascii() and number.isdecimal() else None
