"""A rebuild that only the researchers' texts made necessary.

While researchers write their conclusions they rebuild the report after every change in
`teksten/`. Nothing else changed, so analyses, figures and tables would come out the same:
`record` keeps the finished document of a draft build (`--concept`) in the build cache
(`cache.FOLDER`) as a skeleton in which every researchers' text (`ReportDoc.slot`) is a marker,
beside each text's paragraphs. `rebuild` then writes the report again by putting the slots'
paragraphs back in, rendering only the texts that changed, without loading the study or
drawing anything, when all of these hold (otherwise it returns None and the caller builds):

- the inputs fingerprint is the same: every file of the study except `teksten/` and the output,
  the kit's own files, the installed packages and today's date (the title page shows it);
- each changed text is redacted by the study's own `Redactor` (texts redacted before come from
  the redaction cache), rebuilt from the recorded kept words and pseudonyms and the removal list
  in studie.yaml; its configuration hash must be the recorded one;
- a changed text has the same headings in the table of contents as before, and the
  abbreviations the document uses are the same (the glossary stays right);
- the recorded skeleton is the one written (its hash is checked).

Everything kept here is output the report already holds, after redaction: the original texts
are only known by a hash that includes the redaction's configuration.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

from ..cache import FOLDER, _version
from ..resources import PACKAGE_DIR

MARK = "\ue000klantreis:{}\ue000"  # a private-use character: no report text contains it
GLOSSARY = "afkortingen"
_SKIPPED_DIRS = {"teksten", "uitvoer"}  # the study's own; the texts are compared one by one (`rebuild`)
_HASHED_WHOLE = 50 * 1024 * 1024  # larger files (recordings) count by size and modification time


def snapshot_folder(target: Path) -> Path:
    """Where the draft of `target` is kept (one per Word file name in its output folder)."""
    name = hashlib.sha256(Path(target).name.encode()).hexdigest()[:12]
    return Path(target).parent / FOLDER / _version() / f"rapport-{name}"


def inputs_fingerprint(study_root: Path, output_folder: Path, composition: str) -> str:
    """A hash of everything but the researchers' texts that decides the report's content."""
    h = hashlib.sha256()
    h.update(f"{_version()}\0{composition}\0{dt.date.today().isoformat()}\0".encode())
    _hash_tree(h, PACKAGE_DIR, skip=set())
    for entry in sys.path:  # installed packages, by name and version (one listing per folder)
        if entry.endswith("site-packages") and os.path.isdir(entry):
            h.update("\0".join(sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))).encode())
    root = Path(study_root).resolve()
    skip = {Path(output_folder).resolve()}
    h.update(b"\0studie\0")
    _hash_tree(h, root, skip)
    return h.hexdigest()


def _hash_tree(h, root: Path, skip: set[Path]) -> None:
    for folder, dirs, files in os.walk(root):
        top = Path(folder) == root  # teksten/ and uitvoer/ of the study itself
        dirs[:] = sorted(d for d in dirs if not (top and d in _SKIPPED_DIRS) and d != "__pycache__"
                         and not d.startswith(".") and Path(folder, d).resolve() not in skip)
        for name in sorted(files):
            if name.startswith((".", "~$")) or name.endswith((".pyc", ".tmp")):
                continue
            path = Path(folder, name)
            stat = path.stat()
            h.update(f"{path.relative_to(root)}\0{stat.st_size}\0".encode())
            if stat.st_size > _HASHED_WHOLE:
                h.update(str(stat.st_mtime_ns).encode())
            else:
                h.update(hashlib.sha256(path.read_bytes()).digest())


def _text_key(fingerprint: bytes, text: str | None) -> str:
    return hashlib.sha256(fingerprint + b"\0" + (text or "").encode("utf-8", "surrogatepass")).hexdigest()


def record(report, path: Path, inputs: str, redactor, file_name: str) -> None:
    """Keep the document just written to `path` for `rebuild`. Takes the slots' paragraphs out
    of `report` (call it last). Silently keeps nothing when a slot is not a run of top-level
    paragraphs or the cache folder cannot be written. `file_name`: the composition's, for the
    glossary's warning."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import OxmlElement
    from lxml import etree

    from ..files import write_bytes, write_text
    from .afkortingen_vinden import body_text, find
    from .docx import TOC_LEVELS

    body = report.doc.element.body
    fingerprint = getattr(redactor, "_fingerprint", b"")
    if not fingerprint or any(not s.elements or any(e.getparent() is not body for e in s.elements)
                              for s in report.slots):
        return
    # The abbreviations outside the slots and in each slot: a token never spans two paragraphs,
    # so the glossary of a rebuild is the union (checked here against the one just written).
    glossary, used, unknown = report.glossary or (None, None, None)
    in_slots = {id(e) for s in report.slots for e in s.elements}
    rest, per_slot = None, []
    if glossary is not None:
        before = []
        for child in body:
            if child is report.glossary_start:
                break
            if id(child) not in in_slots:
                before.append(body_text(child))
        rest = find("\n".join(before), glossary)
        per_slot = [find("\n".join(body_text(e) for e in s.elements), glossary) for s in report.slots]
        if _union([rest, *per_slot]) != (set(used), set(unknown)):
            return
    def marker(name) -> OxmlElement:
        """The paragraph that stands for a slot (or the glossary's start) in the skeleton."""
        paragraph, run, text = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:t")
        text.text = MARK.format(name)
        run.append(text)
        paragraph.append(run)
        return paragraph

    slots = []
    for i, slot in enumerate(report.slots):
        slot.elements[0].addprevious(marker(i))
        xml = "".join(_without_namespaces(etree.tostring(e, encoding="unicode")) for e in slot.elements)
        for e in slot.elements:
            body.remove(e)
        slots.append({"pad": slot.pad, "niveau": slot.base_level, "tekst": _text_key(fingerprint, slot.text),
                      "koppen": [list(h) for h in slot.headings if h[0] <= TOC_LEVELS], "xml": xml,
                      "afkortingen": per_slot[i] if per_slot else None})
    if report.glossary_start is not None and report.glossary_start.getparent() is body:
        report.glossary_start.addprevious(marker(GLOSSARY))
    folder = snapshot_folder(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        skeleton = serialize_part_xml(report.doc.element)
        write_bytes(folder / "skelet.xml", skeleton)
        write_bytes(folder / "pakket.docx", Path(path).read_bytes())
        # Written last: without it (a build stopped halfway) nothing here is used.
        write_text(folder / "plekken.json", json.dumps({
            "invoer": inputs, "redactie": fingerprint.hex(), "bestand": file_name, "plekken": slots,
            # What the redaction keeps and the pseudonyms it knows (both print in the report), so a
            # changed text needs only the removal list from studie.yaml (`_recorded_redactor`).
            "behouden": list(redactor.allow), "respondenten": list(redactor.respondents),
            "skelet": hashlib.sha256(skeleton).hexdigest(),
            "afkortingen": [used, unknown] if glossary is not None else None,
            "spellingen": glossary.spellings if glossary is not None else None,
            "volgorde": list(glossary.afkortingen) if glossary is not None else None,
            "afkortingen_buiten_plekken": rest}, ensure_ascii=False))
    except OSError:
        pass


def _without_namespaces(xml: str) -> str:
    """An element serialised on its own declares its namespaces; inside the document they are
    declared once, at the top (python-docx's root declares every namespace a paragraph uses)."""
    return re.sub(r' xmlns:\w+="[^"]*"', "", xml)


def rebuild(study_root: Path, target: Path, inputs: str) -> Path | None:
    """Write `target` again from its recorded draft when only researchers' texts changed (see the
    module; `inputs` is `inputs_fingerprint` now); returns `target`, or None when a full build
    is needed."""
    try:
        return _rebuild(study_root, target, inputs)
    except (KeyError, TypeError, ValueError, IndexError):  # a record this code did not write
        return None


def _rebuild(study_root: Path, target: Path, inputs: str) -> Path | None:
    folder = snapshot_folder(target)
    try:
        state = json.loads((folder / "plekken.json").read_text(encoding="utf-8"))
        skeleton = (folder / "skelet.xml").read_bytes()
        if state.get("invoer") != inputs or hashlib.sha256(skeleton).hexdigest() != state.get("skelet"):
            return None  # other inputs, or a damaged file
        skeleton = skeleton.decode("utf-8")
    except (OSError, ValueError):
        return None
    fingerprint = bytes.fromhex(state["redactie"])
    texts = _read_texts(study_root, [s["pad"] for s in state["plekken"]])
    if texts is None:
        return None
    changed = [i for i, s in enumerate(state["plekken"]) if _text_key(fingerprint, texts[s["pad"]]) != s["tekst"]]
    if changed:
        rendered = _render(study_root, target, state, fingerprint, {i: texts[state["plekken"][i]["pad"]] for i in changed})
        if rendered is None:
            return None
        for i, (xml, headings, found) in rendered.items():
            state["plekken"][i].update(xml=xml, tekst=_text_key(fingerprint, texts[state["plekken"][i]["pad"]]),
                                       koppen=headings, afkortingen=found)
    document = _assemble(skeleton, state)
    if document is None:
        return None
    try:
        _write(folder / "pakket.docx", target, document)
    except (OSError, zipfile.BadZipFile):
        return None  # the full build writes it, or says in Dutch why it cannot
    if changed:
        from ..files import write_text

        try:
            write_text(folder / "plekken.json", json.dumps(state, ensure_ascii=False))
        except OSError:
            pass
    return target


def _read_texts(root: Path, pads: list[str]) -> dict[str, str | None] | None:
    from ..errors import Problemen
    from ..files import read_text
    from ..teksten import TEXTS_DIR

    problemen = Problemen(str(root))
    texts: dict[str, str | None] = {}
    for pad in pads:
        path = Path(root) / TEXTS_DIR / f"{pad}.md"
        texts[pad] = read_text(path, problemen, Path(root)) if path.exists() else None
    return None if problemen else texts  # an unreadable text: the full build names it


def _render(root: Path, target: Path, state: dict, fingerprint: bytes,
            texts: dict[int, str | None]) -> dict[int, tuple[str, list, list | None]] | None:
    """The paragraphs of the changed texts (XML), their headings and abbreviations, or None."""
    from lxml import etree

    from ..cache import BuildCache
    from .afkortingen_vinden import body_text, find
    from .docx import TOC_LEVELS, ReportDoc

    store = BuildCache(target.parent)
    try:
        redactor = _recorded_redactor(root, state, store, fingerprint)
        if redactor is None:
            return None
        # A text redacted in an earlier build comes from the cache; only new ones load the de-identifier.
        redactor.prefetch(re.sub(r"<!--.*?-->", "", t, flags=re.S) for t in texts.values() if t)
        # The glossary as recorded (its file is one of the inputs): no need to load its model.
        glossary = (SimpleNamespace(spellings=state["spellingen"], afkortingen=dict.fromkeys(state["volgorde"]))
                    if state.get("spellingen") is not None else None)
        doc = ReportDoc(redactor=redactor)
        out = {}
        for i, text in texts.items():
            plek = state["plekken"][i]
            doc.slot(plek["pad"], text, plek["niveau"])
            slot = doc.slots[-1]
            headings = [list(h) for h in slot.headings if h[0] <= TOC_LEVELS]
            if headings != [list(h) for h in plek["koppen"]]:
                return None  # the table of contents would change
            found = find("\n".join(body_text(e) for e in slot.elements), glossary) if glossary is not None else None
            out[i] = ("".join(_without_namespaces(etree.tostring(e, encoding="unicode")) for e in slot.elements),
                      headings, found)
        redactor.save_cache()
        return out
    finally:
        store.close()


def _recorded_redactor(root: Path, state: dict, store, fingerprint: bytes):
    """The study's redactor from the recorded kept words and pseudonyms and the removal list of
    studie.yaml, using `store`; None when it would not be the recorded one (its configuration
    hash differs: then the full build redacts)."""
    from ..errors import Problemen
    from ..files import SETTINGS_FILE, load_yaml
    from ..redactie import Redactor, check_removal_term

    data = load_yaml(Path(root) / SETTINGS_FILE, Problemen(SETTINGS_FILE))
    terms = ((data or {}).get("privacy") or {}).get("te_verwijderen") or [] if isinstance(data, dict) else []
    try:
        remove = [check_removal_term(t) for t in terms]
    except (ValueError, TypeError, AttributeError):
        return None
    redactor = Redactor(remove=remove, allow=state["behouden"], respondents=state["respondenten"])
    redactor.use_cache(store)
    return redactor if redactor._fingerprint == fingerprint else None


def _union(found: list) -> tuple[set, set]:
    """The abbreviations explained and unknown over several texts, from `afkortingen.find` per text."""
    return {k for used, _ in found for k in used}, {u for _, unknown in found for u in unknown}


def _assemble(skeleton: str, state: dict) -> bytes | None:
    """The document with every slot's paragraphs in place, or None when the glossary would change."""
    pieces = re.split(MARK.replace("{}", r"(\w+)").join([r"<w:p><w:r><w:t>", r"</w:t></w:r></w:p>"]), skeleton)
    parts = [pieces[0]]
    for name, rest in zip(pieces[1::2], pieces[2::2]):
        if name != GLOSSARY:
            parts.append(state["plekken"][int(name)]["xml"])
        parts.append(rest)
    if state.get("afkortingen") is not None:
        from .afkortingen_vinden import unknown_warning

        found = [state["afkortingen_buiten_plekken"], *(p["afkortingen"] for p in state["plekken"])]
        if any(f is None for f in found) or _union(found) != tuple(set(x) for x in state["afkortingen"]):
            return None
        if state["afkortingen"][1]:
            unknown_warning(state["bestand"], state["afkortingen"][1])
    return "".join(parts).encode("utf-8")


def _write(package: Path, target: Path, document: bytes) -> None:
    """`package` with its document part replaced and its dates set to now, written atomically."""
    from ..files import atomic_path

    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(package) as source, atomic_path(target) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                data = document if item.filename == "word/document.xml" else source.read(item)
                if item.filename == "docProps/core.xml":
                    data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + now.encode(), data)
                # Pictures are compressed already: stored as they are, which saves a fifth of a second.
                compress = zipfile.ZIP_STORED if item.filename.endswith((".png", ".jpeg", ".jpg")) else zipfile.ZIP_DEFLATED
                out.writestr(item, data, compress_type=compress)
