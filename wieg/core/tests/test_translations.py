"""French and English are complete: every message of every app's catalogue is translated, none fuzzy."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(p for p in ROOT.glob("*/locale/*/LC_MESSAGES/*.po") if p.parts[-3] in {"fr", "en"})


def _entries(path: Path):
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        msgid = "".join(re.findall(r'^(?:msgid|msgid_plural)?\s*"(.*)"$', block.split("msgstr")[0], re.M))
        if not msgid:
            continue  # the header
        msgstrs = re.findall(r'msgstr(?:\[\d+\])?\s+((?:".*"\s*)+)', block)
        values = ["".join(re.findall(r'"(.*)"', s)) for s in msgstrs]
        yield msgid, values, "#, fuzzy" in block or ", fuzzy" in block


def test_there_are_catalogues():
    assert CATALOGUES, "no fr/en catalogues found"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: "/".join(p.parts[-5:]))
def test_catalogue_is_complete(path):
    missing = [msgid for msgid, values, fuzzy in _entries(path) if fuzzy or not all(values)]
    assert not missing, f"{len(missing)} untranslated or fuzzy in {path}: {missing[:5]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: "/".join(p.parts[-5:]))
def test_catalogue_is_compiled(path):
    import gettext

    mo = path.with_suffix(".mo")
    assert mo.exists(), f"run compilemessages for {path}"
    with mo.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    compiled = {key[0] if isinstance(key, tuple) else key for key in catalog} - {""}
    translated = [msgid for msgid, values, fuzzy in _entries(path) if all(values) and not fuzzy]
    assert len(compiled) >= len(translated), f"{path} changed since it was compiled: run compilemessages"
