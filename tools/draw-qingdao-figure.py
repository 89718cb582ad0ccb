#!/usr/bin/env python3
"""Draw the illustration for the briefing "rajnath-dong-jun-meeting".

A stylised, hand-built (not traced) map of the Shandong coast with Qingdao
marked, plus an info card with facts taken only from
shared/facts/sco-qingdao-2025.md:

  * SCO defence ministers' meeting, Qingdao, China, 25-26 June 2025
  * bilateral talks: Rajnath Singh with Admiral Dong Jun (China)
                     and with Andrei Belousov (Russia)

All text in the raster is Latin script; Hindi/English captions live in HTML.
Soft gradients, blurred shading and a little grain make the picture compress
like a photograph rather than flat clip-art.

Usage:  python3 tools/draw-qingdao-figure.py OUTPUT.jpg
Output: 2400x1600 JPEG, quality 82, baseline (not progressive), no EXIF.
The result is deterministic: every random choice comes from a fixed seed.
"""

import math
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

W, H = 2400, 1600
SS = 2                      # supersampling factor for anti-aliased shapes
SEED = 20250625             # fixed seed -> identical output on every run
rng = random.Random(SEED)

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"


def font(name, size):
    return ImageFont.truetype(FONT_DIR + name, size)


SANS = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
COND_BOLD = "DejaVuSansCondensed-Bold.ttf"
OBLIQUE = "DejaVuSans-Oblique.ttf"
SERIF_IT = "DejaVuSerif-Italic.ttf"


# ---------------------------------------------------------------- helpers --

def lerp(a, b, t):
    return a + (b - a) * t


def mix(c1, c2, t):
    return tuple(int(round(lerp(a, b, t))) for a, b in zip(c1, c2))


def vertical_gradient(size, top, bottom):
    """RGB image fading from colour `top` to colour `bottom`."""
    w, h = size
    col = Image.new("RGB", (1, h))
    for y in range(h):
        col.putpixel((0, y), mix(top, bottom, y / (h - 1)))
    return col.resize((w, h))


def radial_mask(size, cx, cy, radius, inner=255, outer=0):
    """Greyscale mask: `inner` at (cx, cy), falling to `outer` at radius."""
    small = Image.new("L", (size[0] // 8, size[1] // 8))
    px = small.load()
    for y in range(small.height):
        for x in range(small.width):
            d = math.hypot(x * 8 - cx, y * 8 - cy) / radius
            t = min(1.0, d)
            t = t * t * (3 - 2 * t)                 # smoothstep
            px[x, y] = int(lerp(inner, outer, t))
    return small.resize(size, Image.BICUBIC)


def noise(size, scale, blur):
    """Seeded value noise: random bytes at 1/scale resolution, upsampled."""
    w, h = max(2, size[0] // scale), max(2, size[1] // scale)
    img = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    img = img.resize(size, Image.BICUBIC)
    return img.filter(ImageFilter.GaussianBlur(blur)) if blur else img


def chaikin(points, rounds=3):
    """Smooth a closed polygon by corner cutting."""
    for _ in range(rounds):
        new = []
        for i, p in enumerate(points):
            q = points[(i + 1) % len(points)]
            new.append((0.75 * p[0] + 0.25 * q[0], 0.75 * p[1] + 0.25 * q[1]))
            new.append((0.25 * p[0] + 0.75 * q[0], 0.25 * p[1] + 0.75 * q[1]))
        points = new
    return points


def roughen(points, amount):
    """Insert jittered midpoints so the coastline looks natural."""
    out = []
    for i, p in enumerate(points):
        q = points[(i + 1) % len(points)]
        out.append(p)
        out.append(((p[0] + q[0]) / 2 + rng.uniform(-amount, amount),
                    (p[1] + q[1]) / 2 + rng.uniform(-amount, amount)))
    return out


def shape_mask(polys, blur=0):
    """Anti-aliased mask of one or more polygons (drawn at SS x, reduced)."""
    big = Image.new("L", (W * SS, H * SS), 0)
    d = ImageDraw.Draw(big)
    for poly in polys:
        d.polygon([(x * SS, y * SS) for x, y in poly], fill=255)
    m = big.resize((W, H), Image.LANCZOS)
    return m.filter(ImageFilter.GaussianBlur(blur)) if blur else m


def text_center(draw, xy, text, fnt, fill, anchor="mm", **kw):
    draw.text(xy, text, font=fnt, fill=fill, anchor=anchor, **kw)


# ------------------------------------------------------------------ sea ----

img = vertical_gradient((W, H), (44, 104, 128), (14, 52, 78))
# light falling from the upper left, like late-afternoon sun on water
glow = Image.new("RGB", (W, H), (120, 178, 190))
img = Image.composite(glow, img, radial_mask((W, H), 900, 250, 1500, 150, 0))
# broad, soft swells of lighter and darker water
swell = noise((W, H), 90, 30)
img = Image.composite(Image.new("RGB", (W, H), (70, 140, 160)), img,
                      swell.point(lambda v: max(0, v - 110)))

# ----------------------------------------------------------------- land ----
# Hand-placed points (not traced from any map): mainland on the left, the
# Shandong peninsula jutting east, Jiaozhou Bay with Qingdao on its east side.
mainland = [
    (-60, -60), (470, -60), (500, 90), (560, 230), (650, 330),
    (760, 320), (880, 285), (1010, 270), (1130, 285), (1240, 315),
    (1330, 360), (1395, 420), (1400, 480), (1350, 520),
    (1250, 540), (1150, 575), (1050, 620), (965, 680),
    (915, 745), (880, 770),                     # east shore of bay -> Qingdao
    (840, 745), (800, 700), (745, 690), (715, 735),  # inside Jiaozhou Bay
    (735, 800), (780, 830),                     # west shore / bay mouth
    (720, 920), (650, 1040), (585, 1180), (530, 1330), (495, 1480),
    (470, 1680), (-60, 1680),
]
mainland = chaikin(roughen(roughen(mainland, 14), 7), 3)
islands = [
    chaikin(roughen([(1175, 880), (1210, 870), (1220, 895), (1182, 906)], 4)),
    chaikin(roughen([(1110, 720), (1150, 712), (1158, 735), (1120, 744)], 4)),
    chaikin(roughen([(640, 1235), (668, 1226), (676, 1248), (646, 1256)], 3)),
]
land_polys = [mainland] + islands
land = shape_mask(land_polys)

# pale shallow-water halo along the coast
halo = land.filter(ImageFilter.MaxFilter(31)).filter(ImageFilter.GaussianBlur(28))
img = Image.composite(Image.new("RGB", (W, H), (118, 186, 186)), img,
                      halo.point(lambda v: int(v * 0.55)))

# soft drop shadow so the land sits above the sea
shadow = ImageChops.offset(land, 10, 14).filter(ImageFilter.GaussianBlur(16))
img = Image.composite(Image.new("RGB", (W, H), (8, 30, 44)), img,
                      shadow.point(lambda v: int(v * 0.5)))

# land colour: warm green-ochre gradient with rolling "hills" of shading
land_rgb = vertical_gradient((W, H), (168, 176, 128), (128, 148, 102))
hills = noise((W, H), 160, 40)
land_rgb = Image.composite(Image.new("RGB", (W, H), (196, 186, 140)),
                           land_rgb, hills.point(lambda v: max(0, min(100, (v - 110) * 2))))
dark = noise((W, H), 110, 30)
land_rgb = Image.composite(Image.new("RGB", (W, H), (96, 118, 84)),
                           land_rgb, dark.point(lambda v: max(0, min(70, (v - 130) * 2))))
# darken toward the coast (inner shadow) for depth
inner = land.filter(ImageFilter.MinFilter(21)).filter(ImageFilter.GaussianBlur(20))
coast_band = ImageChops.subtract(land, inner)
land_rgb = Image.composite(Image.new("RGB", (W, H), (108, 124, 88)),
                           land_rgb, coast_band.point(lambda v: int(v * 0.6)))
img = Image.composite(land_rgb, img, land)

# thin light coastline
edge = ImageChops.subtract(land.filter(ImageFilter.MaxFilter(5)), land)
img = Image.composite(Image.new("RGB", (W, H), (226, 232, 214)), img,
                      edge.point(lambda v: int(v * 0.8)))

# ------------------------------------------------------- sea decoration ----
# faint hand-drawn wave strokes
waves = Image.new("L", (W, H), 0)
wd = ImageDraw.Draw(waves)
for _ in range(70):
    x, y = rng.uniform(560, 1450), rng.uniform(380, 1550)
    if land.getpixel((int(min(W - 1, x)), int(min(H - 1, y)))) > 0:
        continue
    pts = [(x + i * 9, y + 6 * math.sin(i / 2.2)) for i in range(9)]
    wd.line(pts, fill=70, width=3)
img = Image.composite(Image.new("RGB", (W, H), (200, 228, 230)), img,
                      waves.filter(ImageFilter.GaussianBlur(1.2)))

d = ImageDraw.Draw(img, "RGBA")

# region labels (geography only, no numbers)
text_center(d, (330, 560), "S H A N D O N G", font(BOLD, 64), (60, 70, 44, 150))
text_center(d, (1130, 1180), "Yellow Sea", font(SERIF_IT, 72), (214, 236, 240, 190))

# simple north arrow in the upper right of the map area
nx, ny = 1300, 150
d.polygon([(nx, ny - 70), (nx + 26, ny + 20), (nx, ny + 4), (nx - 26, ny + 20)],
          fill=(236, 240, 232, 210))
text_center(d, (nx, ny + 62), "N", font(BOLD, 48), (236, 240, 232, 220))

# ------------------------------------------------------- Qingdao marker ----
QX, QY = 872, 790           # on the east shore of the bay mouth

# pulsing halo rings
rings = Image.new("L", (W, H), 0)
rd = ImageDraw.Draw(rings)
for r, a in ((70, 150), (118, 95), (170, 50)):
    rd.ellipse((QX - r, QY - r, QX + r, QY + r), outline=a, width=6)
img = Image.composite(Image.new("RGB", (W, H), (255, 214, 120)), img,
                      rings.filter(ImageFilter.GaussianBlur(3)))
soft = radial_mask((W, H), QX, QY, 200, 130, 0)
img = Image.composite(Image.new("RGB", (W, H), (255, 206, 110)), img, soft)

# pin: soft shadow, teardrop body with a highlight, white centre dot
pin = Image.new("L", (W * SS, H * SS), 0)
pd = ImageDraw.Draw(pin)
px_, py_, pr = QX * SS, (QY - 92) * SS, 42 * SS
pd.ellipse((px_ - pr, py_ - pr, px_ + pr, py_ + pr), fill=255)
pd.polygon([(px_ - pr * 0.86, py_ + pr * 0.5), (px_ + pr * 0.86, py_ + pr * 0.5),
            (px_, QY * SS)], fill=255)
pin = pin.resize((W, H), Image.LANCZOS)
pin_shadow = ImageChops.offset(pin, 12, 10).filter(ImageFilter.GaussianBlur(9))
img = Image.composite(Image.new("RGB", (W, H), (10, 20, 20)), img,
                      pin_shadow.point(lambda v: int(v * 0.55)))
pin_body = vertical_gradient((W, H), (232, 70, 52), (160, 30, 30))
img = Image.composite(pin_body, img, pin)
hl = radial_mask((W, H), QX - 14, QY - 108, 34, 120, 0)
img = Image.composite(Image.new("RGB", (W, H), (255, 230, 220)), img,
                      ImageChops.multiply(hl, pin))
d = ImageDraw.Draw(img, "RGBA")
d.ellipse((QX - 15, QY - 107, QX + 15, QY - 77), fill=(255, 255, 255, 255))

# label with a soft dark backing so it reads on land and sea alike
lab_font = font(BOLD, 92)
lx, ly = QX + 90, QY + 70
bbox = d.textbbox((lx, ly), "Qingdao", font=lab_font, anchor="lm")
backing = Image.new("L", (W, H), 0)
ImageDraw.Draw(backing).rounded_rectangle(
    (bbox[0] - 30, bbox[1] - 22, bbox[2] + 30, bbox[3] + 26), 28, fill=170)
img = Image.composite(Image.new("RGB", (W, H), (12, 30, 40)), img,
                      backing.filter(ImageFilter.GaussianBlur(14)))
d = ImageDraw.Draw(img, "RGBA")
d.text((lx, ly), "Qingdao", font=lab_font, fill=(255, 244, 222), anchor="lm")

# ------------------------------------------------------------ info card ----
CX0, CY0, CX1, CY1 = 1500, 90, 2310, 1510
card = Image.new("L", (W, H), 0)
ImageDraw.Draw(card).rounded_rectangle((CX0, CY0, CX1, CY1), 48, fill=255)
# frosted glass: blurred copy of what lies beneath, tinted dark navy
frost = img.filter(ImageFilter.GaussianBlur(40))
frost = Image.blend(frost, vertical_gradient((W, H), (16, 40, 60), (8, 22, 36)), 0.72)
card_shadow = ImageChops.offset(card, 0, 18).filter(ImageFilter.GaussianBlur(30))
img = Image.composite(Image.new("RGB", (W, H), (0, 10, 18)), img,
                      card_shadow.point(lambda v: int(v * 0.55)))
img = Image.composite(frost, img, card)
d = ImageDraw.Draw(img, "RGBA")
d.rounded_rectangle((CX0, CY0, CX1, CY1), 48, outline=(255, 255, 255, 46), width=3)

GOLD = (246, 200, 110)
WHITE = (246, 248, 250)
MUTED = (178, 198, 212)
x0 = CX0 + 70

d.text((x0, CY0 + 95), "SCO DEFENCE", font=font(BOLD, 62), fill=GOLD, anchor="ls")
d.text((x0, CY0 + 170), "MINISTERS' MEETING", font=font(BOLD, 62), fill=GOLD, anchor="ls")
d.text((x0, CY0 + 320), "Qingdao,", font=font(BOLD, 116), fill=WHITE, anchor="ls")
d.text((x0, CY0 + 450), "China", font=font(BOLD, 116), fill=WHITE, anchor="ls")

# date block with a small calendar glyph
cy = CY0 + 570
d.rounded_rectangle((x0, cy - 58, x0 + 92, cy + 40), 14, fill=(246, 200, 110, 235))
d.rectangle((x0, cy - 58, x0 + 92, cy - 34), fill=(200, 70, 52, 255))
d.text((x0 + 112, cy), "25–26 June 2025", font=font(BOLD, 72), fill=WHITE, anchor="ls")

d.line((x0, CY0 + 690, CX1 - 70, CY0 + 690), fill=(255, 255, 255, 70), width=3)
d.text((x0, CY0 + 790), "Bilateral talks", font=font(SANS, 64), fill=MUTED, anchor="ls")


def talk_row(y, left, right, names):
    """Country pair in large type, the two ministers beneath it."""
    d.ellipse((x0, y - 50, x0 + 36, y - 14), fill=GOLD)
    d.text((x0 + 62, y), f"{left} – {right}", font=font(BOLD, 80), fill=WHITE, anchor="ls")
    d.text((x0 + 62, y + 84), names, font=font(SANS, 58), fill=MUTED, anchor="ls")


talk_row(CY0 + 950, "India", "China", "with Adm. Dong Jun")
talk_row(CY0 + 1210, "India", "Russia", "with Andrei Belousov")

# ------------------------------------------------------ photographic finish --
# gentle vignette
vig = radial_mask((W, H), W / 2, H / 2, 1700, 0, 120)
img = Image.composite(Image.new("RGB", (W, H), (0, 0, 0)), img, vig)
# very fine grain (slightly blurred so it costs few JPEG bytes)
grain = noise((W, H), 1, 0.8).point(lambda v: 128 + (v - 128) // 18)
img = ImageChops.add(img, Image.merge("RGB", [grain] * 3), 1.0, -128)

# ------------------------------------------------------------------ save ----
if len(sys.argv) != 2:
    sys.exit("usage: draw-qingdao-figure.py OUTPUT.jpg")
out = sys.argv[1]
img.save(out, "JPEG", quality=82, progressive=False, optimize=True,
         subsampling="4:2:0")   # Pillow writes no EXIF unless asked
print(out)
