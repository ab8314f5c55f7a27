"""HTML pages drawn as PDF by WeasyPrint, with our own static files and nothing else.

WeasyPrint shapes text with HarfBuzz, so Arabic and Ethiopic scripts come out right. It
never fetches from the network here: stylesheets and images under /static/ are read from
the application's static folder, data: URLs are decoded, any other address is refused.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticFilesOnly(URLFetcher):
    def __init__(self, static_folder: Path) -> None:
        super().__init__(allowed_protocols={"http", "https", "data", "file"})
        self.static_folder = static_folder.resolve()

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = urlsplit(url).path
        if "/static/" in path:
            relative = path.split("/static/", 1)[1]
            candidate = (self.static_folder / relative).resolve()
            if candidate.is_relative_to(self.static_folder) and candidate.is_file():
                kind = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, body=candidate.read_bytes(), headers={"Content-Type": kind}
                )
        raise ValueError(f"not fetched while drawing a PDF: {url}")


def html_to_pdf(html: str, base_url: str) -> bytes:
    fetcher = StaticFilesOnly(Path(current_app.static_folder or "static"))
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
