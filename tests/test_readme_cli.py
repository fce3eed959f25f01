"""The README's command-line block says what the argparse parser accepts, flag for flag.

The block under "## Headless" holds one ``python main.py COMMAND ...`` entry per sub-command (with
indented continuation lines). For each sub-command the test compares the flags written there with
the parser's: the same set, the parser's required flags written outside ``[...]``, and the same
choices where the README lists them in braces.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from engine.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"
FLAG = re.compile(r"--[a-z][a-z0-9-]*")


def readme_commands(text: str) -> dict[str, str]:
    """``{command: its text}`` from the first code block after ``## Headless``."""
    section = text.split("## Headless", 1)[1]
    block = section.split("```", 2)[1]
    commands: dict[str, str] = {}
    current = None
    for line in block.splitlines():
        match = re.match(r"python main\.py ([a-z]\S*)", line)  # not "python main.py --version"
        if match:
            current = match.group(1)
            commands[current] = line[match.end():]
        elif current is not None and line.startswith(" "):
            commands[current] += " " + line.strip()
    return commands


def parser_commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def flags_of(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {opt: a for a in parser._actions for opt in a.option_strings
            if opt.startswith("--") and opt != "--help"}


def optional_flags(text: str) -> set[str]:
    """Flags written inside ``[...]`` or a ``(a | b)`` choice, i.e. not required on their own."""
    out, depth = set(), 0
    for i, ch in enumerate(text):
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "-" and text.startswith("--", i) and (i == 0 or text[i - 1] in " [(|"):
            if depth > 0:
                out.add(FLAG.match(text, i).group(0))
    return out


def test_readme_lists_every_command():
    documented, actual = readme_commands(README.read_text(encoding="utf-8")), parser_commands()
    assert set(documented) == set(actual), (
        f"README lists {sorted(documented)}, the parser has {sorted(actual)}")


@pytest.mark.parametrize("command", sorted(parser_commands()))
def test_readme_flags_match_the_parser(command):
    text = readme_commands(README.read_text(encoding="utf-8")).get(command, "")
    written, actual = set(FLAG.findall(text)), flags_of(parser_commands()[command])
    assert written == set(actual), (
        f"{command}: README has {sorted(written - set(actual))} the parser lacks, lacks "
        f"{sorted(set(actual) - written)}")
    optional = optional_flags(text)
    for flag, action in actual.items():
        assert action.required != (flag in optional), (
            f"{command} {flag}: {'required' if action.required else 'optional'} in the parser")
        choices = re.search(re.escape(flag) + r" \{([^}]*)\}", text)
        if action.choices is not None:
            assert choices, f"{command} {flag}: the README does not list its choices"
            assert choices.group(1).split(",") == [str(c) for c in action.choices], (command, flag)


def test_version_flag_is_documented():
    text = README.read_text(encoding="utf-8")
    assert "--version" in text.split("## Headless", 1)[1]
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["--version"])
    assert exit_info.value.code == 0
