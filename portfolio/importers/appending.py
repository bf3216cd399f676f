"""Adding to a YAML file a person keeps (career.yml, authors.yml) without rewriting what they wrote.

Loading the file and dumping it again would lose their comments, their
quoting and their order. So an import appends text: a new top-level block at
the end, or new items at the end of an existing top-level list. The result is
read back before it is written; when it does not read as the old data plus
the new, nothing is written and the caller says what to add by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portfolio.model.yamlio import YamlProblem, load_with_lines
from portfolio.system.files import update_file, write_new

__all__ = ["YamlFile", "read_yaml_text"]


class _NotAppendable(Exception):
    pass


def read_yaml_text(path: Path) -> tuple[bytes, str]:
    """``(bytes, text)`` of a UTF-8 file (BOM dropped), ``(b"", "")`` when it does not exist."""
    if not path.exists():
        return b"", ""
    raw = path.read_bytes()
    return raw, raw.decode("utf-8-sig").replace("\r\n", "\n")


@dataclass
class YamlFile:
    """One YAML data file being added to: its text as read, and the text with the additions so far."""

    path: Path
    raw: bytes
    text: str

    @classmethod
    def read(cls, path: Path) -> YamlFile:
        raw, text = read_yaml_text(path)
        return cls(path, raw, text)

    @property
    def data(self) -> Any:
        return load_with_lines(self.text)[0] if self.text.strip() else None

    def append_block(self, block: str) -> None:
        """Add ``block`` (top-level YAML text) at the end of the file, after a blank line."""
        body = self.text.rstrip("\n")
        self.text = (body + "\n\n" if body.strip() else "") + block.rstrip("\n") + "\n"

    def extend_list(self, key: str, items: str) -> None:
        """Add ``items`` (YAML block-sequence text, ``- ...`` at column 0) to the top-level list ``key``.

        The items go after the list's last item, indented as its first item is;
        an absent key gets a new block at the end; ``key: []`` or ``key:`` with
        nothing under it becomes the block. :class:`ValueError` when the list is
        written in a way text cannot be added to safely (a flow list with items).
        """
        lines = self.text.split("\n")
        start = next((i for i, line in enumerate(lines) if re.match(rf"^{re.escape(key)}\s*:", line)), None)
        if start is None:
            self.append_block(f"{key}:\n{items}")
            return
        rest = lines[start].split(":", 1)[1].split("#", 1)[0].strip()
        if rest == "[]":
            lines[start] = f"{key}:"
            rest = ""
        if rest:
            raise ValueError(f"'{key}' is written on one line; add the new items by hand")
        end = start + 1
        last = start  # the last line that belongs to the list
        indent = None
        while end < len(lines):
            line = lines[end]
            if line.strip() and not line.startswith((" ", "\t", "-", "#")):
                break  # the next top-level key
            if line.strip() and not line.lstrip().startswith("#"):
                if indent is None and line.lstrip().startswith("-"):
                    indent = len(line) - len(line.lstrip())
                last = end
            end += 1
        pad = " " * (indent or 0)
        added = [pad + line if line else line for line in items.rstrip("\n").split("\n")]
        lines[last + 1 : last + 1] = added
        self.text = "\n".join(lines)
        if not self.text.endswith("\n"):
            self.text += "\n"

    def save(self, check: Callable[[Any], bool]) -> None:
        """Write the new text when ``check(data)`` accepts what it reads as; :class:`ValueError` (nothing written) otherwise."""
        try:
            data = load_with_lines(self.text)[0]
        except YamlProblem as exc:
            raise ValueError(f"the additions would not read as YAML (line {exc.line}: {exc.message})") from None
        if not check(data):
            raise ValueError("the additions would not read as intended")
        if not self.raw and not self.path.exists():
            if not write_new(self.path, self.text):
                raise ValueError("the file appeared while this command ran; nothing written")
            return
        update_file(self.path, self.raw, self.text)
