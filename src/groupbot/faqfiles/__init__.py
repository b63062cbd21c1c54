"""The FAQ files: YAML under ``faq/`` as the source of truth, JSONL for interchange.

File I/O lives here, outside ``core``; the rest of groupbot sees plain
:class:`~groupbot.core.faq.FaqEntry` objects. The format is described in docs/faq.md.
"""

from groupbot.faqfiles.directory import check_faq_dir, load_faq_dir, scan_faq_dir
from groupbot.faqfiles.editing import UpsertResult, upsert_entries, upsert_entry
from groupbot.faqfiles.jsonl import export_jsonl, import_jsonl, read_jsonl, write_jsonl
from groupbot.faqfiles.parsing import parse_faq_text
from groupbot.faqfiles.problems import FaqFileError, FaqProblem

__all__ = [
    "FaqFileError",
    "FaqProblem",
    "UpsertResult",
    "check_faq_dir",
    "export_jsonl",
    "import_jsonl",
    "load_faq_dir",
    "parse_faq_text",
    "read_jsonl",
    "scan_faq_dir",
    "upsert_entries",
    "upsert_entry",
    "write_jsonl",
]
