#!/usr/bin/env python3
"""Writes Sources/AssistantServer/HTTP/OpenAPIDocument+Text.swift from openapi.json (the
repository's copy is the source; the server serves the embedded one). `make docs` runs it;
OpenAPIDocumentTests fails until the two agree."""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
text = (root / "openapi.json").read_text()
json.loads(text)  # refuse to embed a document that is not JSON
assert '"""#' not in text
# Indented as `swift format` lays the literal out (the indentation before the closing
# delimiter is not part of the string), so that `make format` and `make docs` agree.
indent = " " * 8
body = "\n".join(indent + line if line else line for line in text.rstrip("\n").split("\n"))
swift = (
    "// Written by `make docs` (scripts/embed-openapi.py) from openapi.json: edit that file.\n"
    "extension OpenAPIDocument {\n"
    "    static let text = #\"\"\"\n" + body + "\n" + indent + "\"\"\"#\n}\n"
)
(root / "Sources/AssistantServer/HTTP/OpenAPIDocument+Text.swift").write_text(swift)
