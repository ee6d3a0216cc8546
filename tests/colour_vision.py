"""Colour science for the colour tests, in numpy: how a colour looks to a viewer with a
colour-vision deficiency, and how far apart two colours look.

- ``simulate``: Machado, Oliveira & Fernandes (2009), "A physiologically-based model for
  simulation of color vision deficiency", the matrices for severity 1.0 (complete
  protanopia and deuteranopia), applied to linear sRGB.
- ``ciede2000``: the CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), on CIELAB
  under D65.
"""

from __future__ import annotations

import numpy as np

MACHADO = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
}
VIEWS = ("normal", *MACHADO)
_SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_D65 = np.array([0.95047, 1.0, 1.08883])


def rgb(colours: list[str]) -> np.ndarray:
    """``#rrggbb`` strings → an (n, 3) array of sRGB values in 0..1."""
    return np.array([[int(c.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)] for c in colours])


def _linear(srgb: np.ndarray) -> np.ndarray:
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _gamma(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0, 1)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def simulate(srgb: np.ndarray, view: str) -> np.ndarray:
    """The sRGB colours as seen with ``view`` ("normal", "protanopia", "deuteranopia")."""
    if view == "normal":
        return srgb
    return _gamma(_linear(srgb) @ MACHADO[view].T)


def lab(srgb: np.ndarray) -> np.ndarray:
    """sRGB → CIELAB (D65)."""
    xyz = _linear(srgb) @ _SRGB_TO_XYZ.T / _D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack(
        [116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])],
        axis=-1,
    )


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """The CIEDE2000 difference of CIELAB colours (broadcasting over leading axes)."""
    l1, a1, b1 = np.moveaxis(lab1, -1, 0)
    l2, a2, b2 = np.moveaxis(lab2, -1, 0)
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1 = np.degrees(np.arctan2(b1, a1)) % 360
    h2 = np.degrees(np.arctan2(b2, a2)) % 360
    chroma = c1 * c2
    dh = h2 - h1
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(chroma == 0, 0, dh)
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * np.sqrt(chroma) * np.sin(np.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    h_sum = h1 + h2
    h_mean = np.where(
        chroma == 0,
        h_sum,
        np.where(
            np.abs(h1 - h2) <= 180,
            h_sum / 2,
            np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2),
        ),
    )
    t = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.20 * np.cos(np.radians(4 * h_mean - 63))
    )
    theta = 30 * np.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean
    s_h = 1 + 0.015 * c_mean * t
    r_t = -np.sin(np.radians(2 * theta)) * r_c
    return np.sqrt(
        (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
    )


def closest_pair(colours: list[str], view: str) -> tuple[float, str, str]:
    """The smallest CIEDE2000 difference between two of ``colours`` as seen with ``view``,
    and that pair."""
    seen = lab(simulate(rgb(colours), view))
    distance = ciede2000(seen[:, None, :], seen[None, :, :])
    np.fill_diagonal(distance, np.inf)
    i, j = np.unravel_index(np.argmin(distance), distance.shape)
    return float(distance[i, j]), colours[i], colours[j]
