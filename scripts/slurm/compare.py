"""Compare two published sites and their render caches (scripts/slurm/run.sh).

    compare.py SITE_A BUILD_A.json CACHE_A SITE_B BUILD_B.json CACHE_B

The caches and the audio must be the same bytes; pages, JSON mirrors and playlists the same
once share tokens (named by their recipe target, from each build's --json), object ids and
times are set aside, as in Tests/StudioCLITests/ShardedBuildTests.swift. Exits 1 listing every
difference.
"""
import json
import os
import re
import sys

IDS = re.compile(rb"\b(mtrack|mcoll|mslink|mlib|mfocus|org|usr|mkey|mgen)_[0-9A-Za-z]{22}\b")
TIMES = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")


def files(root):
    found = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, root)] = handle.read()
    return found


def tokens(build_json):
    with open(build_json) as handle:
        build = json.load(handle)
    return [(share["url"].rstrip("/").split("/")[-1], "TOKEN[%s]" % share["target"]) for share in build["shares"]]


def normalised_site(root, build_json):
    names = tokens(build_json)
    result = {}
    for path, data in files(root).items():
        for token, label in names:
            path = path.replace(token, label)
        if path.endswith((".html", ".json", ".m3u")):
            for token, label in names:
                data = data.replace(token.encode(), label.encode())
            data = IDS.sub(lambda match: match.group(1) + b"_ID", data)
            data = TIMES.sub(b"TIME", data)
        result[path] = data
    return result, len(names)


def complete_entries(cache):
    return {path: data for path, data in files(cache).items() if not path.startswith(".")}


def main():
    site_a, build_a, cache_a, site_b, build_b, cache_b = sys.argv[1:7]
    problems = []
    left, shares_a = normalised_site(site_a, build_a)
    right, shares_b = normalised_site(site_b, build_b)
    if shares_a != shares_b:
        problems.append("share links: %d vs %d" % (shares_a, shares_b))
    for path in sorted(set(left) | set(right)):
        if path not in right:
            problems.append("only in %s: %s" % (site_a, path))
        elif path not in left:
            problems.append("only in %s: %s" % (site_b, path))
        elif left[path] != right[path]:
            problems.append("differs: %s" % path)
    entries_a, entries_b = complete_entries(cache_a), complete_entries(cache_b)
    if entries_a != entries_b:
        differing = sorted(p for p in set(entries_a) | set(entries_b) if entries_a.get(p) != entries_b.get(p))
        problems.append("render caches differ: %s" % ", ".join(differing[:10]))
    audio = [p for p in left if p.endswith((".flac", ".mp3", ".wav", ".ogg", ".opus"))]
    if problems:
        print("\n".join(problems))
        return 1
    print("same site: %d files (%d audio, byte for byte), %d share links; same render cache: %d files"
          % (len(left), len(audio), shares_a, len(entries_a)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
