"""Run axe-core (from the project's npm assets) in a Playwright page and return the WCAG 2.1 A/AA violations."""

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

# Loaded from the portal's own static files, so the page's CSP (script-src 'self') allows it.
AXE_URL = "/static/vendor/axe/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Pictures for people to look at; `make pictures` copies them into docs/ on purpose.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def _inject_axe(page) -> None:
    """Add axe once the page has settled: a document still being replaced has no <head> to add it to."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            page.add_script_tag(url=AXE_URL)
            return
        except PlaywrightError:
            if attempt == 2:
                raise


def axe_violations(page) -> list[dict]:
    _inject_axe(page)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
