"""Checks every rendered page must pass: one <h1>, a title that starts with it, unique ids,
forms with an action, inputs with labels, <html> with lang and dir."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.h1_texts: list[str] = []
        self.title = ""
        self.html_attrs: dict[str, str | None] = {}
        self.forms_without_action = 0
        self.labelled: set[str] = set()
        self.inputs_needing_labels: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "id" in attributes and attributes["id"]:
            self.ids[attributes["id"]] += 1
        if tag == "html":
            self.html_attrs = attributes
        if tag == "h1":
            self.h1_texts.append("")
        if tag == "form" and not attributes.get("action"):
            self.forms_without_action += 1
        if tag == "label" and attributes.get("for"):
            self.labelled.add(attributes["for"] or "")
        if tag in {"input", "select", "textarea"}:
            kind = attributes.get("type", "")
            if kind not in {"hidden", "submit", "button"} and not attributes.get("aria-label"):
                self.inputs_needing_labels.append(attributes.get("id") or "(no id)")
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "h1" in self._in and self.h1_texts:
            self.h1_texts[-1] += data
        if self._in and self._in[-1] == "title":
            self.title += data


def page_problems(html: str) -> list[str]:
    parser = _PageParser()
    parser.feed(html)
    problems = []
    if not parser.html_attrs.get("lang") or parser.html_attrs.get("dir") not in {"ltr", "rtl"}:
        problems.append("<html> lacks lang or dir")
    if len(parser.h1_texts) != 1:
        problems.append(f"{len(parser.h1_texts)} <h1> elements")
    else:
        heading = " ".join(parser.h1_texts[0].split())
        title = " ".join(parser.title.split())
        if not heading or not title.startswith(heading):
            problems.append(f"title {title!r} does not start with the heading {heading!r}")
    duplicates = [name for name, count in parser.ids.items() if count > 1]
    if duplicates:
        problems.append(f"duplicate ids {duplicates}")
    if parser.forms_without_action:
        problems.append(f"{parser.forms_without_action} forms without an action")
    unlabelled = [i for i in parser.inputs_needing_labels if i not in parser.labelled]
    if unlabelled:
        problems.append(f"inputs without a label: {unlabelled}")
    return problems
