"""How a console input line is read: who speaks, in which chat, saying what."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ConsoleLine", "parse_line"]

_SPEAKER = re.compile(r"^([A-Za-z0-9_.\-]{1,32}):\s+(.*)$", re.DOTALL)
_SWITCH = re.compile(r"^/(as|in)(?:\s+(\S+))?\s*$")
_MENTION = re.compile(r"(?<!\S)@bot\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ConsoleLine:
    """One parsed line: a switch of speaker/chat, or a message."""

    speaker: str | None = None
    switch: str | None = None
    target: str | None = None
    text: str = ""
    mentions_bot: bool = False


def parse_line(line: str) -> ConsoleLine:
    """``alice: text`` speaks as alice; ``/as NAME`` and ``/in CHAT`` switch; ``@bot`` mentions."""
    stripped = line.strip()
    switch = _SWITCH.match(stripped)
    if switch is not None:
        return ConsoleLine(switch=switch.group(1), target=switch.group(2))
    speaker = _SPEAKER.match(stripped)
    text = speaker.group(2) if speaker else stripped
    mentioned = bool(_MENTION.search(text))
    text = _MENTION.sub(" ", text).strip() if mentioned else text
    return ConsoleLine(speaker=speaker.group(1) if speaker else None, text=text, mentions_bot=mentioned)
