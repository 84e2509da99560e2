#!/usr/bin/env python3
"""Checks exported REFI-QDA files against what importers in the field expect beyond the schema.

Usage: refi_qda_expectations.py FILE...   (each a .qdpx project or a .qdc codebook)

One check per expectation of the REFI-QDA README (the list of what real tools, QualCoder above
all, need), each failure printed with the file and the place; exit status 1 when any fails. It
reads the files with Python's zipfile and ElementTree, as QualCoder's importer does, so it is
independent of the C++ reader. The checks:

  positions      startPosition/endPosition count code points of the source text, end exclusive:
                 0 <= start <= end <= length, and a selection's name, when it is the whole
                 selected text, is exactly text[start:end].
  source files   every TextSource keeps its text in the archive, sources/<guid>.txt, referenced
                 as plainTextPath="internal://<guid>.txt", never as inline PlainTextContent.
  no BOM         text files are UTF-8 without a byte-order mark.
  code refs      every CodeRef points to a code of the codebook.
  notes          every Note has a creationDateTime (an xsd:dateTime) and its text in a note file,
                 plainTextPath="internal://<guid>.txt" present in sources/, no inline
                 PlainTextContent; and a name, unique among the notes (QualCoder keeps journal
                 entries by name and only imports named ones).
  unique names   code names are unique across the whole codebook.
  line breaks    source files hold no CR (LF only), so CR LF cannot shift positions.
  categories     every Code says isCodable; no CodeRef points to a category (isCodable="false").
  colours        colours are #rrggbb.
"""

import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from datetime import datetime

PROJECT = "{urn:QDA-XML:project:1.0}"
CODEBOOK = "{urn:QDA-XML:codebook:1.0}"
INTERNAL = "internal://"
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def date_time(value):
    """True for an xsd:dateTime as tools write it (with Z, an offset or no zone)."""
    if value is None:
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True
    except ValueError:
        return False


def check_codes(root, ns, where, problems):
    """Checks the codebook below `root`; returns {guid: code element}."""
    codes = {}
    names = {}
    for code in root.iter(ns + "Code"):
        guid = code.get("guid", "").strip("{}").lower()
        name = code.get("name", "")
        codes[guid] = code
        names.setdefault(name, []).append(guid)
        if code.get("isCodable") not in ("true", "false", "1", "0"):
            problems.append(f"{where}: categories: code {name!r} has no isCodable")
        colour = code.get("color")
        if colour is not None and not COLOUR.match(colour):
            problems.append(f"{where}: colours: code {name!r} has colour {colour!r}, not #rrggbb")
    for name, guids in names.items():
        if len(guids) > 1:
            problems.append(
                f"{where}: unique names: {len(guids)} codes are named {name!r}; "
                "QualCoder would merge them")
    return codes


def read_text(archive, path, what, where, problems):
    """The UTF-8 text of archive entry `path`, or None (with a problem) when it cannot be read."""
    if path not in archive.namelist():
        problems.append(f"{where}: {what}: {path} is missing from the archive")
        return None
    data = archive.read(path)
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(f"{where}: no BOM: {path} starts with a byte-order mark")
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(f"{where}: no BOM: {path} is not UTF-8 ({error})")
        return None


def internal_file(element, what, where, problems):
    """sources/<guid>.txt when `element` references it as it should, else None."""
    guid = element.get("guid", "")
    path = element.get("plainTextPath")
    expected = INTERNAL + guid + ".txt"
    if path != expected:
        problems.append(
            f"{where}: {what}: {element.tag.split('}')[1]} {guid} has plainTextPath {path!r}, "
            f"expected {expected!r}")
        return None
    if element.find(PROJECT + "PlainTextContent") is not None:
        problems.append(f"{where}: {what}: {guid} has inline PlainTextContent")
    return "sources/" + guid + ".txt"


def check_project(path, problems):
    with zipfile.ZipFile(path) as archive:
        if "project.qde" not in archive.namelist():
            problems.append(f"{path}: the archive has no project.qde")
            return
        root = ET.fromstring(archive.read("project.qde"))
        where = f"{path} project.qde"
        codebook = root.find(PROJECT + "CodeBook")
        codes = check_codes(codebook, PROJECT, where, problems) if codebook is not None else {}
        for source in root.iter(PROJECT + "TextSource"):
            entry = internal_file(source, "source files", where, problems)
            text = read_text(archive, entry, "source files", where, problems) if entry else None
            if text is not None and "\r" in text:
                problems.append(f"{where}: line breaks: {entry} holds CR; store LF only")
            for selection in source.findall(PROJECT + "PlainTextSelection"):
                start = int(selection.get("startPosition"))
                end = int(selection.get("endPosition"))
                place = f"selection {selection.get('guid')} of source {source.get('name')!r}"
                if text is not None:
                    if not 0 <= start <= end <= len(text):
                        problems.append(
                            f"{where}: positions: {place} [{start}, {end}) lies outside the "
                            f"{len(text)} code points of its text")
                    name = selection.get("name")
                    if name and not name.endswith("…") and name != text[start:end]:
                        problems.append(
                            f"{where}: positions: {place} is named {name!r} but selects "
                            f"{text[start:end]!r}")
                for ref in selection.iter(PROJECT + "CodeRef"):
                    target = ref.get("targetGUID", "").strip("{}").lower()
                    code = codes.get(target)
                    if code is None:
                        problems.append(f"{where}: code refs: {place} applies unknown code {target}")
                    elif code.get("isCodable") in ("false", "0"):
                        problems.append(
                            f"{where}: categories: {place} applies category {code.get('name')!r}")
        note_names = {}
        for note in root.iter(PROJECT + "Note"):
            guid = note.get("guid")
            if not date_time(note.get("creationDateTime")):
                problems.append(
                    f"{where}: notes: note {guid} has creationDateTime "
                    f"{note.get('creationDateTime')!r}")
            entry = internal_file(note, "notes", where, problems)
            if entry:
                read_text(archive, entry, "notes", where, problems)
            name = note.get("name") or ""
            if not name:
                problems.append(f"{where}: notes: note {guid} has no name")
            note_names.setdefault(name, []).append(guid)
        for name, guids in note_names.items():
            if name and len(guids) > 1:
                problems.append(f"{where}: notes: {len(guids)} notes are named {name!r}")


def check_codebook(path, problems):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(f"{path}: no BOM: the codebook starts with a byte-order mark")
    root = ET.fromstring(data)
    check_codes(root, CODEBOOK, path, problems)


def main(paths):
    problems = []
    for path in paths:
        if zipfile.is_zipfile(path):
            check_project(path, problems)
        else:
            check_codebook(path, problems)
    for problem in problems:
        print(problem)
    print(f"{len(paths)} file(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
