"""Figures of the public directory as plain SVG geometry, computed here and drawn by templates.

No script runs in the browser; every chart has a text alternative (a table) beside it.
"""

from dataclasses import dataclass

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 230
BAR_MAX = 300


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int


def bar_chart(items: list[tuple[str, int]]) -> dict:
    """Horizontal bars: one row per (label, value)."""
    top = max((value for _, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        y = index * (BAR_HEIGHT + BAR_GAP)
        bars.append(Bar(label, value, y, round(BAR_MAX * value / top), y + BAR_HEIGHT - 6))
    return {"bars": bars, "height": max(len(items) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
            "label_width": LABEL_WIDTH, "bar_x": LABEL_WIDTH + 10, "width": LABEL_WIDTH + BAR_MAX + 60,
            "bar_height": BAR_HEIGHT}


# A tile map (cartogram): one equal square per Bundesland, placed roughly where it lies.
# Schematic on purpose: neither areas nor borders are to scale.
TILE_POSITIONS = {
    "SH": (1, 0), "MV": (2, 0),
    "HB": (0, 1), "HH": (1, 1), "BE": (3, 1),
    "NW": (0, 2), "NI": (1, 2), "ST": (2, 2), "BB": (3, 2),
    "RP": (0, 3), "HE": (1, 3), "TH": (2, 3), "SN": (3, 3),
    "SL": (0, 4), "BW": (1, 4), "BY": (2, 4),
}
TILE = 84
TILE_GAP = 6
# Light to dark blue; text switches to white on the two darkest steps (contrast >= 4.5:1).
SHADES = ["#f1f3f5", "#d6e6f5", "#a9cbea", "#4f8fc7", "#00457d"]


@dataclass
class Tile:
    code: str
    name: str
    count: int
    x: int
    y: int
    fill: str
    text: str


def tile_map(by_land: list[tuple[str, str, int]]) -> dict:
    top = max((count for *_, count in by_land), default=0)
    tiles = []
    for code, name, count in by_land:
        col, row = TILE_POSITIONS[code]
        step = 0 if count == 0 else 1 + min(3, int(3 * count / top)) if top else 0
        step = min(step, len(SHADES) - 1)
        tiles.append(Tile(code, name, count, col * (TILE + TILE_GAP), row * (TILE + TILE_GAP), SHADES[step],
                          "#ffffff" if step >= 3 else "#1d2a36"))
    return {"tiles": tiles, "tile": TILE, "width": 4 * (TILE + TILE_GAP), "height": 5 * (TILE + TILE_GAP),
            "center": TILE // 2}
