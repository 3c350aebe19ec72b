"""Run the real odp-extract and odp-transform on HTML files, read the records.

A test hands in pages as (url, html_path) per source; this module builds a
work directory as odp-fetch would leave it (raw/ by SHA-256, fetch/SOURCE.json),
a pipeline file, runs both stages and returns the records per dataset.
Nothing here computes an expected value: the tests write those by hand.
"""
import hashlib
import json
import os
import shutil
import subprocess
import tempfile

BUILD = os.environ.get("ODP_BUILD", "build")


def run(sources, workdir=None):
    """sources: list of dicts {id, cbs_code, municipality, doc_type, year, url,
    pages: [(url, html_path)]}. Returns {dataset: [records]} over all sources,
    plus "_status" (the transform stage status per source) and "_quarantine"."""
    wd = workdir or tempfile.mkdtemp(prefix="odp-transform-test-")
    try:
        return _run(sources, wd)
    finally:
        if not workdir:
            shutil.rmtree(wd, ignore_errors=True)


def _run(sources, wd):
    os.makedirs(os.path.join(wd, "fetch"), exist_ok=True)
    pipeline = {"name": "transform-test",
                "portal": {"base_url": "http://localhost/", "publisher": "test",
                           "publisher_uri": "http://localhost/",
                           "license": "CC-BY-4.0", "contact": {"email": "t@example.nl"},
                           "user_agent_contact": "http://localhost/"},
                "sources": []}
    for s in sources:
        pipeline["sources"].append({k: s[k] for k in
                                    ("id", "cbs_code", "municipality", "doc_type", "year", "url")})
        man = {"source": s["id"], "title": None, "pdf_url": None, "pages": []}
        for url, path in s["pages"]:
            data = open(path, "rb").read()
            sha = hashlib.sha256(data).hexdigest()
            raw = os.path.join(wd, "raw", sha[:2])
            os.makedirs(raw, exist_ok=True)
            with open(os.path.join(raw, sha), "wb") as f:
                f.write(data)
            man["pages"].append({"url": url, "http_status": 200, "sha256": sha,
                                 "fetched_at": "2026-01-02T03:04:05Z",
                                 "content_fetched_at": "2026-01-02T03:04:05Z"})
        with open(os.path.join(wd, "fetch", s["id"] + ".json"), "w") as f:
            json.dump(man, f)
    pfile = os.path.join(wd, "pipeline.json")
    with open(pfile, "w") as f:
        json.dump(pipeline, f)
    for stage in ("odp-extract", "odp-transform"):
        p = subprocess.run([os.path.join(BUILD, stage), "--quiet", "--pipeline", pfile,
                            "--workdir", wd], capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"{stage} exited {p.returncode}: {p.stderr}")
    out = {}
    for s in sources:
        d = os.path.join(wd, "records", s["id"])
        for name in sorted(os.listdir(d)):
            if name.endswith(".jsonl"):
                with open(os.path.join(d, name), encoding="utf-8") as f:
                    out.setdefault(name[:-6], []).extend(json.loads(l) for l in f if l.strip())
        q = os.path.join(wd, "quarantine", s["id"] + ".jsonl")
        if os.path.exists(q):
            with open(q, encoding="utf-8") as f:
                out.setdefault("_quarantine", []).extend(json.loads(l) for l in f if l.strip())
        st = os.path.join(wd, "status", s["id"] + ".transform.json")
        if os.path.exists(st):
            out.setdefault("_status", []).append(json.load(open(st)))
    return out


def fixture_source(name, fixtures_dir, url=None, doc_type="begroting", year=2026):
    """One fixture page as a source of its own."""
    return {"id": name.replace("_", "-"), "cbs_code": "GM0150", "municipality": "Deventer",
            "doc_type": doc_type, "year": year, "url": "http://fixture.example.nl/",
            "pages": [(url or f"http://fixture.example.nl/p1/{name.replace('_', '-')}",
                       os.path.join(fixtures_dir, name + ".html"))]}
