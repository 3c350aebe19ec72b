/* workdir.c: see workdir.h. */
#include "workdir.h"

void workdir_raw_path(struct strbuf *sb, const char *wd, const char *sha)
{
    strbuf_addf(sb, "%s/raw/%.2s/%s", wd, sha, sha);
}

void workdir_fetch_manifest(struct strbuf *sb, const char *wd, const char *id)
{
    strbuf_addf(sb, "%s/fetch/%s.json", wd, id);
}

void workdir_extract_path(struct strbuf *sb, const char *wd, const char *sha, int version)
{
    strbuf_addf(sb, "%s/extract/%s.x%d.jsonl", wd, sha, version);
}

void workdir_records_dir(struct strbuf *sb, const char *wd, const char *id)
{
    strbuf_addf(sb, "%s/records/%s", wd, id);
}

void workdir_status_path(struct strbuf *sb, const char *wd, const char *id, const char *stage)
{
    strbuf_addf(sb, "%s/status/%s.%s.json", wd, id, stage);
}
