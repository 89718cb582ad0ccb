#!/usr/bin/env python3
"""Makes the like-for-like pair of sites from one generated corpus (issues 13 and 25):
the same texts, the same minimal pages, lists unpaginated in both engines.

usage: like_for_like.py CORPUS TEMPLATES_DIR PATRIKA_SITE HUGO_SITE

TEMPLATES_DIR is the shared like-for-like folder ($LIKE_FOR_LIKE in bench/run.sh; its `patrika-templates/`,
`hugo-layouts/` and `hugo.toml`). The Patrika site is the corpus's own config
with `paginate = 100000` (lists unpaginated), `parallel_view = false` (no
side-by-side views: Hugo has none) and `share_cards = false` (no share cards: Hugo
draws none) and those templates as its theme (`themes/lfl/`: as
`templates/` they would be layered over the default theme, whose other
templates need blocks the minimal `base.html` lacks), its content the corpus's
files hard-linked (a symbolic link leading outside the site is refused). The
shared templates have no `root_404.html`; without one, Patrika makes the root 404
page with the default language's `404.html`, as Hugo makes it with its `404.html`. The Hugo site gets the same bodies with the front matter Hugo's
layouts read: title, date, description (the first paragraph, which is what
Patrika's `summary` shows) and tags (the corpus's topics).
"""
import os
import re
import shutil
import sys

FIELD = re.compile(r"^(title|date|topics) = (.*)$", re.M)


def hugo_front_matter(text):
    """Returns the Hugo version of one corpus file (TOML front matter kept as TOML)."""
    _, front, body = text.split("+++\n", 2)
    fields = dict(FIELD.findall(front))
    paragraphs = [p for p in body.split("\n\n") if p.strip() and p.lstrip()[0] not in "#->*0123456789["]
    first = paragraphs[0].strip().replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") if paragraphs else ""
    return (
        f"+++\ntitle = {fields['title']}\ndate = {fields['date']}\n"
        f'description = "{first}"\ntags = {fields.get("topics", "[]")}\n+++\n{body}'
    )


def patrika_site(corpus, templates, out):
    os.makedirs(out)
    with open(os.path.join(corpus, "config.toml"), encoding="utf-8") as f:
        config = f.read()
    config, found = re.subn(r"^paginate = \d+$", "paginate = 100000\nparallel_view = false\nshare_cards = false", config, flags=re.M)
    if found != 1:
        sys.exit("like_for_like.py: the corpus's config.toml has no `paginate` line under [build]")
    with open(os.path.join(out, "config.toml"), "w", encoding="utf-8") as f:
        f.write('theme = "lfl"\n' + config)
    theme = os.path.join(out, "themes", "lfl", "templates")
    shutil.copytree(os.path.join(templates, "patrika-templates"), theme)
    shutil.copytree(os.path.join(corpus, "content"), os.path.join(out, "content"), copy_function=os.link)


def hugo_site(corpus, templates, out):
    os.makedirs(out)
    shutil.copy(os.path.join(templates, "hugo.toml"), os.path.join(out, "hugo.toml"))
    shutil.copytree(os.path.join(templates, "hugo-layouts"), os.path.join(out, "layouts"))
    source = os.path.join(corpus, "content", "briefings")
    target = os.path.join(out, "content", "briefings")
    os.makedirs(target)
    for name in sorted(os.listdir(source)):
        with open(os.path.join(source, name), encoding="utf-8") as f:
            text = f.read()
        if not name.startswith("_index"):
            text = hugo_front_matter(text)
        with open(os.path.join(target, name), "w", encoding="utf-8") as f:
            f.write(text)


def main():
    corpus, templates, patrika, hugo = (os.path.abspath(a) for a in sys.argv[1:5])
    for site in (patrika, hugo):
        shutil.rmtree(site, ignore_errors=True)
    patrika_site(corpus, templates, patrika)
    hugo_site(corpus, templates, hugo)


if __name__ == "__main__":
    main()
