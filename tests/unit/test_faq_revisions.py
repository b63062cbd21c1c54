"""The merge rule between an instance's FAQ files and the shared copy (core.faq_revisions)."""

from __future__ import annotations

from dataclasses import replace

from groupbot.core.faq import FaqEntry
from groupbot.core.faq_revisions import entry_digest, entry_digests, faq_digest, merge_faq

PASSWORD = FaqEntry("password", "How do I reset my password?", "Settings > Security.")
INVOICE = FaqEntry("invoice", "Where is my invoice?", "Billing > Invoices.")
EXPORT = FaqEntry("export", "How do I export a report?", "Export > PDF.")


def test_where_an_entry_was_read_from_does_not_change_its_digest() -> None:
    assert entry_digest(replace(PASSWORD, source="a/faq/x.yaml:3")) == entry_digest(PASSWORD)
    assert entry_digest(replace(PASSWORD, answer="Other.")) != entry_digest(PASSWORD)
    assert faq_digest([PASSWORD, INVOICE]) != faq_digest([INVOICE, PASSWORD])


def test_unedited_files_take_the_shared_copy_with_its_additions_changes_and_deletions() -> None:
    files = [PASSWORD, INVOICE]
    shared = [replace(PASSWORD, answer="Profile > Password."), EXPORT]
    assert merge_faq(files, shared, entry_digests(files)) == shared


def test_entries_edited_in_the_files_win_and_the_rest_comes_from_the_shared_copy() -> None:
    synced = entry_digests([PASSWORD, INVOICE])
    files = [replace(PASSWORD, answer="Edited in the file."), EXPORT]  # invoice deleted, export added
    shared = [PASSWORD, INVOICE, FaqEntry("vpn", "VPN?", "Use the VPN.")]
    merged = merge_faq(files, shared, synced)
    assert [entry.id for entry in merged] == ["password", "vpn", "export"]
    assert merged[0].answer == "Edited in the file."


def test_a_file_edit_beats_another_instances_edit_of_the_same_entry() -> None:
    synced = entry_digests([PASSWORD])
    mine = replace(PASSWORD, answer="Mine.")
    assert merge_faq([mine], [replace(PASSWORD, answer="Theirs.")], synced) == [mine]


def test_an_entry_the_shared_copy_deleted_stays_deleted_unless_the_files_changed_it() -> None:
    synced = entry_digests([PASSWORD, INVOICE])
    assert merge_faq([PASSWORD, INVOICE], [PASSWORD], synced) == [PASSWORD]
    changed = replace(INVOICE, answer="Still wanted.")
    assert merge_faq([PASSWORD, changed], [PASSWORD], synced) == [PASSWORD, changed]
