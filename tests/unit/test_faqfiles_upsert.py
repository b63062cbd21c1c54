"""Adding and replacing single entries (for /learn and /faq add) keeps the files tidy and valid."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from groupbot.core.faq import FaqEntry
from groupbot.faqfiles import FaqFileError, load_faq_dir, upsert_entry

HAND_WRITTEN = textwrap.dedent(
    """\
    # Hand-written: these comments must survive edits.

    # The login entry.
    - id: login
      question: How do I log in?
      aliases: [sign in]   # short
      answer: |
        1. Open the app.
        2. Sign in.

      category: account
      locale: en

    # The export entry.
    - id: export
      question: How do I export?
      answer: Click Export.
    """
)


def new_entry(entry_id: str = "learned-1", **changes: object) -> FaqEntry:
    fields: dict[str, object] = {
        "question": "怎么绑定企业微信？",
        "answer": "1. 打开「集成」。  \n2. 添加机器人。\n",
        "aliases": ("企微怎么绑",),
        "category": "integrations",
        "locale": "zh-CN",
    }
    fields.update(changes)
    return FaqEntry(id=entry_id, **fields)  # type: ignore[arg-type]


@pytest.fixture
def faq(tmp_path: Path) -> Path:
    folder = tmp_path / "faq"
    folder.mkdir()
    (folder / "main.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
    return folder


def by_id(folder: Path) -> dict[str, FaqEntry]:
    return {entry.id: entry for entry in load_faq_dir(folder)}


def test_new_entry_goes_to_learned_yaml_readably(faq: Path) -> None:
    result = upsert_entry(faq, new_entry())
    assert (result.added, result.replaced) == (("learned-1",), ())
    text = (faq / "learned.yaml").read_text(encoding="utf-8")
    assert "question: 怎么绑定企业微信？" in text  # not \\u-escaped
    assert "  answer: |-\n    1. 打开「集成」。\n    2. 添加机器人。\n" in text  # block style, trailing spaces gone
    assert (faq / "main.yaml").read_text(encoding="utf-8") == HAND_WRITTEN
    learned = by_id(faq)["learned-1"]
    assert learned.answer == "1. 打开「集成」。\n2. 添加机器人。"
    assert set(by_id(faq)) == {"login", "export", "learned-1"}


def test_second_new_entry_is_appended_after_the_first(faq: Path) -> None:
    upsert_entry(faq, new_entry("learned-1"))
    upsert_entry(faq, new_entry("learned-2", question="怎么绑定钉钉？", aliases=("钉钉怎么绑",)))
    entries = load_faq_dir(faq)  # files load in name order: learned.yaml, then main.yaml
    assert [entry.id for entry in entries] == ["learned-1", "learned-2", "login", "export"]


def test_existing_id_is_replaced_in_place_keeping_comments(faq: Path) -> None:
    changed = FaqEntry("login", "How do I sign in?", "1. Open https://app.example.com.\n2. Sign in.", ("log in help",))
    result = upsert_entry(faq, changed)
    assert (result.added, result.replaced) == ((), ("login",))
    text = (faq / "main.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Hand-written: these comments must survive edits.\n\n# The login entry.\n- id: login\n")
    assert "\n\n# The export entry.\n- id: export\n" in text
    assert not (faq / "learned.yaml").exists()
    login = by_id(faq)["login"]
    assert (login.question, login.aliases, login.source) == (
        "How do I sign in?",
        ("log in help",),
        f"{faq / 'main.yaml'}:4",
    )


def test_replacing_with_identical_content_changes_nothing(faq: Path) -> None:
    same = FaqEntry("export", "How do I export?", "Click Export.")
    assert upsert_entry(faq, same).unchanged == ("export",)
    assert (faq / "main.yaml").read_text(encoding="utf-8") == HAND_WRITTEN


def test_indented_lists_are_edited_at_their_indentation(tmp_path: Path) -> None:
    (tmp_path / "nested.yaml").write_text(
        "  - id: a\n    question: A?\n    answer: x\n  - id: b\n    question: B?\n    answer: y\n"
    )
    upsert_entry(tmp_path, FaqEntry("a", "A now?", "line 1\nline 2"))
    text = (tmp_path / "nested.yaml").read_text()
    assert text.startswith("  - id: a\n    question: A now?\n")
    assert [(e.id, e.answer) for e in load_faq_dir(tmp_path)] == [("a", "line 1\nline 2"), ("b", "y")]


def test_layouts_that_cannot_be_spliced_are_rewritten_whole(tmp_path: Path) -> None:
    (tmp_path / "odd.yaml").write_text(
        "-\n  id: a\n  question: A?\n  answer: x\n- {id: b, question: 'B?', answer: y}\n"
    )
    upsert_entry(tmp_path, FaqEntry("a", "A now?", "z"))
    assert [(e.id, e.question, e.answer) for e in load_faq_dir(tmp_path)] == [("a", "A now?", "z"), ("b", "B?", "y")]


def test_entry_that_would_clash_is_refused_and_nothing_written(faq: Path) -> None:
    with pytest.raises(FaqFileError, match=r"is also the alias of .login."):
        upsert_entry(faq, new_entry(aliases=("Sign In",)))
    assert not (faq / "learned.yaml").exists()
    assert sorted(path.name for path in faq.iterdir()) == ["main.yaml"]  # no temporary files left


def test_invalid_entry_is_refused(faq: Path) -> None:
    with pytest.raises(FaqFileError, match="'answer' is empty"):
        upsert_entry(faq, new_entry(answer="   \n"))


def test_broken_directory_is_not_edited(faq: Path) -> None:
    (faq / "broken.yaml").write_text("- id: x\n\tquestion: y\n")
    with pytest.raises(FaqFileError, match=r"broken\.yaml:2"):
        upsert_entry(faq, new_entry())
    assert not (faq / "learned.yaml").exists()


def test_store_can_start_empty(tmp_path: Path) -> None:
    upsert_entry(tmp_path / "faq", new_entry(), file_name="team/learned.yaml")
    assert [entry.id for entry in load_faq_dir(tmp_path / "faq")] == ["learned-1"]
    assert (tmp_path / "faq" / "team" / "learned.yaml").read_text(encoding="utf-8").startswith("# FAQ entries")


@pytest.mark.parametrize("name", ["../outside.yaml", "/tmp/abs.yaml", ".hidden.yaml", "notes.txt"])
def test_target_must_be_a_visible_yaml_file_inside(faq: Path, name: str) -> None:
    with pytest.raises(ValueError, match="relative"):
        upsert_entry(faq, new_entry(), file_name=name)


def test_with_a_learned_dir_only_it_is_written_and_its_entries_override_the_shipped_ones(
    faq: Path, tmp_path: Path
) -> None:
    learned = tmp_path / "data" / "faq"  # does not exist yet: the first /learn creates it
    shipped = (faq / "main.yaml").read_bytes()

    upsert_entry(faq, new_entry(), learned_dir=learned)
    upsert_entry(faq, FaqEntry(id="export", question="How do I export?", answer="Use File > Export."),
                 learned_dir=learned)

    assert (faq / "main.yaml").read_bytes() == shipped and not (faq / "learned.yaml").exists()
    entries = {entry.id: entry for entry in load_faq_dir(faq, learned)}
    assert set(entries) == {"login", "export", "learned-1"}
    assert entries["export"].answer == "Use File > Export."
    assert by_id(faq)["export"].answer == "Click Export.", "the shipped file still says what it said"
    with pytest.raises(FaqFileError, match="sign in"):
        upsert_entry(faq, new_entry("other", aliases=("sign in",)), learned_dir=learned)
