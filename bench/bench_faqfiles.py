"""Cost of loading and editing the FAQ files against plain YAML parsing of the same files.

Run: ``PYTHONPATH=src python bench/bench_faqfiles.py [N]`` (N entries, default 2000,
spread over 20 files). The baseline, in the same process on the same files, is
``yaml.load`` with the fastest safe loader and nothing else; the ratios are what
line tracking, validation and the cross-entry checks cost on top (load), and what
one ``/learn`` costs compared with reading the directory once (upsert).
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import yaml

from groupbot.core.faq import FaqEntry
from groupbot.faqfiles import load_faq_dir, upsert_entry
from groupbot.faqfiles.rendering import render_entries

FILES = 20
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _entry(i: int) -> FaqEntry:
    return FaqEntry(
        id=f"entry-{i}",
        question=f"How do I configure feature {i} for team {i % 37}?",
        answer=f"1. Open settings {i}.\n2. Click Save.\nGuide: https://docs.example.com/insight/en/f/{i}",
        aliases=(f"feature {i} setup", f"set up feature {i}", f"功能 {i} 怎么配置"),
        category=f"cat-{i % 9}",
        tags=("bench",),
        locale="en",
    )


def _write(folder: Path, n: int) -> None:
    entries = [_entry(i) for i in range(n)]
    for f in range(FILES):
        (folder / f"part-{f:02}.yaml").write_text(render_entries(entries[f::FILES]), encoding="utf-8")


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _baseline(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write(folder, n)
        base = min(_timed(lambda: _baseline(folder)) for _ in range(3))
        ours = min(_timed(lambda: load_faq_dir(folder)) for _ in range(3))
        learned = _entry(n)
        upsert = _timed(lambda: upsert_entry(folder, learned))
        changed = replace(_entry(n // 2), answer="1. Changed.\n2. Saved.")
        replaced = _timed(lambda: upsert_entry(folder, changed))
        print(f"entries={n} files={FILES} loader={LOADER.__name__}")
        print(f"baseline yaml.load   {base * 1000:8.1f} ms")
        print(f"load_faq_dir         {ours * 1000:8.1f} ms  ratio {ours / base:.2f}")
        print(f"upsert_entry (add)   {upsert * 1000:8.1f} ms  ratio {upsert / base:.2f}")
        print(f"upsert_entry (edit)  {replaced * 1000:8.1f} ms  ratio {replaced / base:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
