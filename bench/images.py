#!/usr/bin/env python3
"""Generates a bundle site for the image benchmark (200 briefings, 2 photos each).

    python3 bench/images.py /dev/shm/img-site                 # the whole site
    python3 bench/images.py /dev/shm/img-site --count 20      # fewer bundles
    python3 bench/images.py /dev/shm/img-site --rewrite 2     # new pixels in 2 photos

Each bundle content/briefings/bNNN/ holds index.hi.md (front-matter image a.jpg,
a Markdown image a.jpg and a figure shortcode b.jpg) and two photo-like JPEGs of
3000x2000 (smooth gradient + soft blobs + per-pixel grain, quality 90). Output
is deterministic: photo k of bundle i is drawn from seed 2*i+k. `--rewrite N`
redraws the first N photos (b000/a.jpg, b000/b.jpg, b001/a.jpg, ...) from other
seeds, so the next build encodes exactly N images. Needs Pillow only.
See bench/images.md for the measurements.
"""
import argparse
import os
import random
import shutil
import sys
from multiprocessing import Pool

from PIL import Image, ImageChops, ImageDraw, ImageFilter

W, H = 3000, 2000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SECTION_INDEX = """+++
title = "ब्रीफ़िंग"
+++

रक्षा और कूटनीति से जुड़ी हमारी सभी ब्रीफ़िंग, सबसे नई सबसे ऊपर।
"""

PAGE = """+++
title = "चित्र परीक्षण ब्रीफ़िंग {n}: चिंगदाओ बैठक के दृश्य"
date = 2025-06-{day:02}
image = "a.jpg"
image_alt = "बैठक स्थल का दृश्य, चित्र {n}"
+++

शंघाई सहयोग संगठन के रक्षा मंत्रियों की बैठक के दौरान ली गई तस्वीरें। यह ब्रीफ़िंग {n} चित्रों की प्रोसेसिंग मापने के लिए बनाई गई है, इसलिए इसमें दो बड़ी तस्वीरें हैं।

![बैठक स्थल के बाहर का दृश्य, चित्र {n}](a.jpg)

द्विपक्षीय वार्ता के बाद दोनों प्रतिनिधिमंडलों ने संयुक्त बयान पर चर्चा की और आगे की बैठकों की रूपरेखा तय की।

{{{{ figure(src="b.jpg", alt="प्रतिनिधिमंडलों की बैठक का दृश्य, चित्र {n}", caption="चिंगदाओ में बैठक के दौरान प्रतिनिधिमंडल, चित्र {n}।") }}}}
"""


def photo(seed):
    """A 3000x2000 photo-like RGB image: gradient, soft blobs, grain."""
    rng = random.Random(seed)
    sw, sh = 300, 200  # drawn small, then scaled up: smooth like out-of-focus light
    c1 = tuple(rng.randrange(256) for _ in range(3))
    c2 = tuple(rng.randrange(256) for _ in range(3))
    mask = Image.linear_gradient("L").rotate(rng.uniform(0, 360), resample=Image.BICUBIC)
    mask = mask.crop((48, 48, 208, 208)).resize((sw, sh), Image.BICUBIC)  # the centre: no empty corners
    base = Image.composite(Image.new("RGB", (sw, sh), c1), Image.new("RGB", (sw, sh), c2), mask)
    for _ in range(rng.randint(6, 14)):
        layer = Image.new("L", (sw, sh), 0)
        r = rng.uniform(10, 70)
        x, y = rng.uniform(0, sw), rng.uniform(0, sh)
        ImageDraw.Draw(layer).ellipse((x - r, y - r * rng.uniform(0.5, 1.5), x + r, y + r), fill=rng.randint(120, 255))
        layer = layer.filter(ImageFilter.GaussianBlur(rng.uniform(4, 16)))
        colour = Image.new("RGB", (sw, sh), tuple(rng.randrange(256) for _ in range(3)))
        base = Image.composite(colour, base, layer)
    # a few sharp edges (horizon, poles) so the image is not all blur
    d = ImageDraw.Draw(base)
    for _ in range(rng.randint(2, 5)):
        d.line([(rng.uniform(0, sw), rng.uniform(0, sh)), (rng.uniform(0, sw), rng.uniform(0, sh))],
               fill=tuple(rng.randrange(256) for _ in range(3)), width=rng.randint(1, 3))
    img = base.resize((W, H), Image.BICUBIC)
    # grain: per pixel, per channel, triangular noise in [-12, +12]
    bands = []
    for _ in range(3):
        n1 = Image.frombytes("L", (W, H), rng.randbytes(W * H)).point(lambda v: v * 12 // 255)
        n2 = Image.frombytes("L", (W, H), rng.randbytes(W * H)).point(lambda v: v * 12 // 255)
        bands.append(ImageChops.add(n1, n2))  # 0..24
    noise = Image.merge("RGB", bands)
    return ImageChops.add(img, noise, 1.0, -12)


def write_photo(job):
    path, seed = job
    tmp = path + ".tmp"
    photo(seed).save(tmp, "JPEG", quality=90)
    os.replace(tmp, path)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", help="folder to write the site into (use a tmpfs)")
    ap.add_argument("--count", type=int, default=200, help="number of bundles (default 200)")
    ap.add_argument("--rewrite", type=int, metavar="N", help="only redraw the first N photos with new seeds")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    briefings = os.path.join(a.site, "content", "briefings")
    names = [f"b{i:03}" for i in range(a.count)]
    photos = [(os.path.join(briefings, n, f + ".jpg"), 2 * i + k) for i, n in enumerate(names) for k, f in enumerate("ab")]

    if a.rewrite is not None:
        jobs = [(p, s + 1_000_003) for p, s in photos[: a.rewrite]]
    else:
        os.makedirs(briefings, exist_ok=True)
        shutil.copyfile(os.path.join(ROOT, "config.toml"), os.path.join(a.site, "config.toml"))
        with open(os.path.join(briefings, "_index.hi.md"), "w", encoding="utf-8") as f:
            f.write(SECTION_INDEX)
        for i, n in enumerate(names):
            os.makedirs(os.path.join(briefings, n), exist_ok=True)
            with open(os.path.join(briefings, n, "index.hi.md"), "w", encoding="utf-8") as f:
                f.write(PAGE.format(n=i, day=1 + i % 28))
        jobs = photos
    with Pool(a.jobs) as pool:
        for k, p in enumerate(pool.imap_unordered(write_photo, jobs), 1):
            if k % 50 == 0 or k == len(jobs):
                print(f"{k}/{len(jobs)} photos", file=sys.stderr)


if __name__ == "__main__":
    main()
