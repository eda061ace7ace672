"""The README documents every setting and every URL parameter (the way Datasette tests its docs):
a setting or URL key added in code without a line in the README fails here."""

from __future__ import annotations

import dataclasses
import re

from dashboard.filters import Filter
from netralitas import config

ROOT = config.REPO_ROOT
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: Where code lives (tests and bench set variables for the processes they start, so they count too).
SOURCE_DIRS = ("netralitas", "etl", "dashboard", "halaman", "harness", "bench", "scripts", "tests")


def _sources() -> list:
    files = [ROOT / "app.py"]
    for d in SOURCE_DIRS:
        files += sorted((ROOT / d).rglob("*.py")) + sorted((ROOT / d).rglob("*.sh"))
    return files


def _settings_table() -> dict[str, str]:
    """``{variable: row}`` of the README's *Settings* table."""
    section = README.split("## Settings", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| `(NETRALITAS_\w+)` \|.*$", section, re.M)}


def test_every_setting_has_a_row_in_the_readme_settings_table():
    rows = _settings_table()
    declared = [s.name for s in config.SETTINGS]
    assert len(declared) == len(set(declared)), "a setting declared twice"
    missing = [name for name in declared if name not in rows]
    assert not missing, f"settings without a README row: {missing}"
    stale = sorted(set(rows) - set(declared))
    assert not stale, f"README rows for settings the code does not read: {stale}"


def test_every_environment_variable_named_in_the_code_is_a_declared_setting():
    declared = {s.name for s in config.SETTINGS}
    named: dict[str, str] = {}
    for path in _sources():
        for name in re.findall(r"NETRALITAS_[A-Z0-9_]*[A-Z0-9]", path.read_text(encoding="utf-8")):
            named.setdefault(name, str(path.relative_to(ROOT)))
    undeclared = {n: where for n, where in named.items() if n not in declared}
    assert not undeclared, f"environment variables used but not in config.SETTINGS: {undeclared}"


def test_only_the_settings_module_reads_the_environment():
    readers = []
    for d in ("netralitas", "etl", "dashboard", "halaman"):
        for path in sorted((ROOT / d).rglob("*.py")):
            if path == ROOT / "netralitas" / "config.py":
                continue
            if re.search(r"os\.environ|getenv\(", path.read_text(encoding="utf-8")):
                readers.append(str(path.relative_to(ROOT)))
    assert not readers, f"read the environment outside netralitas/config.py: {readers}"


def _url_parameters() -> set[str]:
    """The filter's URL keys, plus any key a page or module reads from ``st.query_params`` directly."""
    keys = {f.name for f in dataclasses.fields(Filter) if f.compare}
    pattern = re.compile(r"""query_params(?:\[|\.get(?:_all)?\()\s*["'](\w+)["']""")
    for path in [
        ROOT / "app.py",
        *sorted((ROOT / "dashboard").rglob("*.py")),
        *sorted((ROOT / "halaman").rglob("*.py")),
    ]:
        keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_url_parameter_is_documented_in_the_readme():
    keys = _url_parameters()
    assert {"pemilihan", "wilayah", "dari", "sampai"} <= keys  # the scan itself still finds the filters
    missing = sorted(k for k in keys if f"`{k}`" not in README and f"`{k}=" not in README)
    assert not missing, f"URL parameters not documented in the README: {missing}"
