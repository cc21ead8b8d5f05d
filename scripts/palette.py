#!/usr/bin/env python3
"""Picks poolscope's categorical palette: 24 colours, each chosen greedily to be as far as
possible (CIELAB distance, CIE76) from those before it. The first seven are Okabe and Ito's
colour-blind-safe set (its black aside, which vanishes on the canvas), so a few clusters read
for everyone (the script prints their distances under simulated deuteranopia and protanopia,
Machado, Oliveira, Fernandes 2009, severity 1); the rest are chosen for normal vision (twenty
hues cannot all stay apart for a dichromat). Candidates
are sRGB colours of medium to high lightness (they sit on the window's near-black canvas and on
white pictures alike) and some chroma. Prints the Rust table for src/render/palette.rs.

    python3 scripts/palette.py            # the palette for dark canvases
    python3 scripts/palette.py --light    # for white ones: the same seven first hues, darker
"""

import itertools
import math

DEUTAN = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
PROTAN = [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]


def linear(c):
    c = c / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab(rgb):
    r, g, b = (linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = lambda t: t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def simulate(rgb, m):
    lin = [linear(c) for c in rgb]
    out = []
    for row in m:
        v = min(max(sum(a * b for a, b in zip(row, lin)), 0.0), 1.0)
        v = 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
        out.append(v * 255)
    return out


def views(rgb):
    return [lab(rgb), lab(simulate(rgb, DEUTAN)), lab(simulate(rgb, PROTAN))]


def distance(a, b):
    return min(math.dist(x, y) for x, y in zip(a, b))


def darkened(rgb, most):
    """rgb scaled in linear light until its relative luminance is at most `most` (the hue and
    saturation stay; only the lightness drops)."""
    lin = [linear(c) for c in rgb]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    if y <= most:
        return tuple(rgb)
    out = []
    for v in lin:
        v *= most / y
        v = 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
        out.append(round(v * 255))
    return tuple(out)


def main(light=False):
    steps = range(0, 256, 17)
    candidates = []
    # On white (the light theme, pictures for print and slides) every colour keeps a contrast
    # of 3 or more against the background: relative luminance at most 0.30, L* under 62.
    lo, hi = (25, 60) if light else (45, 88)
    for rgb in itertools.product(steps, repeat=3):
        l, a, b = lab(rgb)
        chroma = math.hypot(a, b)
        if lo <= l <= hi and chroma >= 25:
            candidates.append((rgb, views(rgb)))
    okabe_ito = [(0, 114, 178), (230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66),
                 (213, 94, 0), (204, 121, 167)]
    if light:
        okabe_ito = [darkened(c, 0.28) for c in okabe_ito]
    chosen = [(rgb, views(rgb)) for rgb in okabe_ito]
    while len(chosen) < 24:
        far = lambda c: min(math.dist(c[1][0], p[1][0]) for p in chosen)
        chosen.append(max(candidates, key=far))
    for rgb, v in chosen:
        print(f"    ({rgb[0]}, {rgb[1]}, {rgb[2]}),")
    normal = min(math.dist(a[1][0], b[1][0]) for a, b in itertools.combinations(chosen[:20], 2))
    every = min(distance(a[1], b[1]) for a, b in itertools.combinations(chosen[:7], 2))
    print(f"// smallest distance: first 20, normal vision {normal:.1f}; first 7, any vision {every:.1f}")


if __name__ == "__main__":
    import sys
    main(light="--light" in sys.argv)
