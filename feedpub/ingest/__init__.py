"""Ingest: find the documents under the source folder, read them safely, decode them.

The first stage of a build (README, "How it works"). ``scan_folders`` lists every folder
(or says it is Unchanged); ``read_bytes`` is the one way any stage opens a document;
``make_document`` decodes bytes into a Document of clean text.
"""

from feedpub.ingest._decode import decode_text, digest_text, make_document
from feedpub.ingest._forking import die_with_parent
from feedpub.ingest._read import read_bytes
from feedpub.ingest._scan import scan_folders
from feedpub.ingest._touched import scan_touched
from feedpub.ingest._units import folder_of, part_index, part_of, part_unit, unit_folder, unit_part
from feedpub.ingest._walk import Listing, SourceFile, SourceOptions, Unchanged

__all__ = [
    "Listing",
    "SourceFile",
    "SourceOptions",
    "Unchanged",
    "decode_text",
    "die_with_parent",
    "digest_text",
    "folder_of",
    "make_document",
    "part_index",
    "part_of",
    "part_unit",
    "read_bytes",
    "scan_folders",
    "scan_touched",
    "unit_folder",
    "unit_part",
]
