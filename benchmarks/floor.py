"""The floor for `portfolio check`: read every file and parse its front matter with libyaml, nothing else."""

import sys
from pathlib import Path

import yaml

count = 0
for path in Path(sys.argv[1]).rglob("*.md"):
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        yaml.load(text[4:end], Loader=yaml.CSafeLoader)
        count += 1
print(count)
