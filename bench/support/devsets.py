"""The command line shared by the benchmarks that run over dev-set folders (faq.jsonl + questions.jsonl)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.support.memo import MemoEncoder

from groupbot.semantic.universal import load_universal_encoder


def folders_and_encoder(doc: str, header: str) -> tuple[list[Path], MemoEncoder]:
    """The folders named on the command line, the shipped encoder memoized, and the table's header printed."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    folders = parser.parse_args().folders
    encoder = MemoEncoder(load_universal_encoder())
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    return folders, encoder
