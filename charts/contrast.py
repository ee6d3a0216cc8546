"""Text contrast as WCAG 2.1 defines it, and a readable text colour on a fill."""

from __future__ import annotations

# WCAG 2.1 AA: normal text needs 4.5:1 against its background.
AA = 4.5
DARK_TEXT = "#000000"
LIGHT_TEXT = "#ffffff"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb`` (0 for black, 1 for white)."""
    code = colour.lstrip("#")
    r, g, b = (_channel(int(code[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(one: str, other: str) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(fill: str) -> str:
    """Dark or white text, whichever reads better on ``fill`` (at least 4.5:1 for any
    fill: the better of the two never falls below √21 ≈ 4.58)."""
    return max((DARK_TEXT, LIGHT_TEXT), key=lambda text: ratio(text, fill))
