"""The state machine as documentation, generated from `rules.TRANSITIONS`: a Markdown table and an SVG."""

from html import escape

from applications.enums import OPEN_STATES, Actor, ApplicationState as S
from applications.rules import TRANSITIONS

# Grid positions (column, row) of the states: the happy path down the middle.
POSITIONS = {
    S.DRAFT: (1, 0), S.SUBMITTED: (1, 1), S.CHANGES_REQUESTED: (2, 1), S.IN_REVIEW: (1, 2),
    S.INTERVIEW_SCHEDULED: (1, 3), S.INTERVIEW_HELD: (1, 4), S.VOTING: (1, 5), S.DECISION_PENDING: (1, 6),
    S.ADMITTED: (1, 7), S.REJECTED: (2, 7), S.WITHDRAWN: (0, 7),
}
BOX_W, BOX_H, COL_W, ROW_H, MARGIN = 230, 44, 330, 92, 30


def markdown_table() -> str:
    lines = [
        "# The case's state machine",
        "",
        "Generated from `applications/rules.py` by `python manage.py workflow_docs`; do not edit by hand.",
        "",
        "![State diagram](state-machine.svg)",
        "",
        "| from | transition | to | by |",
        "|---|---|---|---|",
    ]
    for t in TRANSITIONS.values():
        sources = "any open state" if t.sources == OPEN_STATES else ", ".join(
            f"`{s}`" for s in S if s in t.sources)
        targets = " / ".join(f"`{s}`" for s in t.targets)
        actors = ", ".join(str(Actor(a).label) for a in Actor if a in t.actors)
        lines.append(f"| {sources} | `{t.name}` ({t.label}) | {targets} | {actors} |")
    return "\n".join(lines) + "\n"


def _centre(state):
    col, row = POSITIONS[state]
    return MARGIN + col * COL_W + BOX_W / 2, MARGIN + row * ROW_H + BOX_H / 2


def _edge(src, dst, label):
    (x1, y1), (x2, y2) = _centre(src), _centre(dst)
    if src == dst:  # a loop (reschedule): a small arc on the left
        x, y = x1 - BOX_W / 2, y1
        return (f'<path d="M{x},{y - 8} C{x - 60},{y - 40} {x - 60},{y + 40} {x},{y + 8}" class="edge"/>'
                f'<text x="{x - 64}" y="{y + 4}" text-anchor="end" class="label">{escape(label)}</text>')
    if y1 == y2:  # side by side: there and back run on two parallel lines, labels above and below
        rightwards = x2 > x1
        x1, x2 = (x1 + BOX_W / 2, x2 - BOX_W / 2) if rightwards else (x1 - BOX_W / 2, x2 + BOX_W / 2)
        y1 = y2 = y1 - 8 if rightwards else y1 + 8
        label_y = y1 - 6 if rightwards else y1 + 16
        return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="edge"/>'
                f'<text x="{(x1 + x2) / 2}" y="{label_y}" text-anchor="middle" class="label">{escape(label)}</text>')
    y1, y2 = (y1 + BOX_H / 2, y2 - BOX_H / 2) if y2 > y1 else (y1 - BOX_H / 2, y2 + BOX_H / 2)
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="edge"/>'
            f'<text x="{mx + 6}" y="{my - 4}" class="label">{escape(label)}</text>')


def svg() -> str:
    width = MARGIN * 2 + 2 * COL_W + BOX_W
    height = MARGIN * 2 + 7 * ROW_H + BOX_H + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="13">',
        "<title>Zustandsautomat des Aufnahmeverfahrens</title>",
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
        "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker>"
        "<style>.edge{stroke:#333;stroke-width:1.4;fill:none;marker-end:url(#arrow)}"
        ".label{fill:#00457d;font-size:11px}.box{fill:#e3f0fb;stroke:#00457d;stroke-width:1.5}"
        ".final{fill:#f1f3f5;stroke:#333}</style></defs>",
    ]
    for t in TRANSITIONS.values():
        if t.name == "withdraw":
            continue
        for source in sorted(t.sources):
            for target in t.targets:
                parts.append(_edge(source, target, t.name))
    for state, (col, row) in POSITIONS.items():
        x, y = MARGIN + col * COL_W, MARGIN + row * ROW_H
        css = "box final" if state not in OPEN_STATES else "box"
        parts.append(f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="8" class="{css}"/>'
                     f'<text x="{x + BOX_W / 2}" y="{y + 19}" text-anchor="middle" font-weight="bold">{state}</text>'
                     f'<text x="{x + BOX_W / 2}" y="{y + 35}" text-anchor="middle" font-size="11">'
                     f"{escape(str(state.label))}</text>")
    parts.append(f'<text x="{MARGIN}" y="{height - 12}" font-size="11">withdraw: aus jedem offenen Zustand nach '
                 "withdrawn (Clustermanagement)</text>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
