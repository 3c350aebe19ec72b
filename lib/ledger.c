/*
 * ledger.c: see ledger.h. WAL journal, synchronous=NORMAL: a killed process
 * loses nothing that was committed; a power cut may lose the last pages, never
 * consistency. Entries keep their whole JSON beside the columns stewards query.
 */
#include "ledger.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strbuf.h"
#include "xalloc.h"

#define LEDGER_SCHEMA_VERSION 3

double ledger_seconds;

static double clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct ledger {
    sqlite3 *db;
    int in_batch;       /* page writes since BEGIN, committed every 200 or 0.5 s */
    double batch_start;
    int (*before_commit)(void *ud);
    void *before_commit_ud;
    sqlite3_stmt *put, *get, *lput, *lget;
};

/* Migrations: step N brings a ledger from version N-1 to N. Never edit a
 * released step; add one. */
static const char *const migrations[] = {
    NULL,
    "CREATE TABLE IF NOT EXISTS fetch_runs ("
    "  run_id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL,"
    "  started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT);"
    "CREATE TABLE IF NOT EXISTS fetch_pages ("
    "  source TEXT NOT NULL, url TEXT NOT NULL, run_id INTEGER NOT NULL,"
    "  status TEXT NOT NULL, http_status INTEGER, etag TEXT, last_modified TEXT,"
    "  build_stamp TEXT, sha256 TEXT, fetched_at TEXT, content_fetched_at TEXT,"
    "  attempts INTEGER, last_error TEXT, entry TEXT NOT NULL,"
    "  PRIMARY KEY (source, url));",
    /* 2: the page links found in a page's content, so an unchanged page (304)
     * is not parsed again to find where the crawl goes next */
    "CREATE TABLE IF NOT EXISTS page_links (sha256 TEXT PRIMARY KEY, links TEXT NOT NULL);",
    /* 3: odp run's runs, and each stage's outcome per source */
    "CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  command TEXT NOT NULL, pipeline TEXT NOT NULL, started_at TEXT NOT NULL,"
    "  finished_at TEXT, exit_status INTEGER, interrupted INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS stage_results (run_id INTEGER NOT NULL, source TEXT NOT NULL,"
    "  stage TEXT NOT NULL, outcome TEXT NOT NULL, count INTEGER, quarantined INTEGER,"
    "  error TEXT, seconds REAL, PRIMARY KEY (run_id, source, stage));",
};

static void now_iso(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int db_error(struct ledger *l, struct odp_error *err, const char *what)
{
    return odp_error_set(err, ODP_EIO, "ledger: %s: %s", what, sqlite3_errmsg(l->db));
}

static int migrate(struct ledger *l, struct odp_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(l->db, "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
                     NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    int version = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(l->db, "SELECT value FROM meta WHERE key='schema_version'", -1, &st,
                           NULL) != SQLITE_OK)
        return db_error(l, err, "reading the schema version");
    if (sqlite3_step(st) == SQLITE_ROW)
        version = atoi((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (version > LEDGER_SCHEMA_VERSION)
        return odp_error_set(err, ODP_EINVAL,
                             "ledger: written by a newer odp (schema %d, this odp knows %d)",
                             version, LEDGER_SCHEMA_VERSION);
    for (int v = version + 1; v <= LEDGER_SCHEMA_VERSION; v++) {
        struct strbuf sql = STRBUF_INIT;
        strbuf_addf(&sql,
                    "BEGIN IMMEDIATE; %s INSERT OR REPLACE INTO meta VALUES "
                    "('schema_version','%d'); COMMIT;",
                    migrations[v], v);
        int rc = sqlite3_exec(l->db, sql.buf, NULL, NULL, &msg);
        strbuf_release(&sql);
        if (rc != SQLITE_OK) {
            sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
            goto fail;
        }
    }
    return ODP_OK;
fail:
    odp_error_set(err, ODP_EIO, "ledger: migration failed: %s", msg ? msg : "?");
    sqlite3_free(msg);
    return ODP_EIO;
}

/* Page records are written in batches: one transaction per 200 pages or half
 * a second, whichever comes first, so an unchanged page costs microseconds in
 * SQLite; a killed run loses at most the last batch (those pages are fetched
 * again, conditionally), never consistency. */
void ledger_flush(struct ledger *l)
{
    if (l && l->in_batch) {
        int durable = !l->before_commit || l->before_commit(l->before_commit_ud) == 0;
        sqlite3_exec(l->db, durable ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
        l->in_batch = 0;
    }
}

void ledger_before_commit(struct ledger *l, int (*fn)(void *ud), void *ud)
{
    l->before_commit = fn;
    l->before_commit_ud = ud;
}

int ledger_open(const char *workdir, struct ledger **out, struct odp_error *err)
{
    struct ledger *l = xcalloc(1, sizeof(*l));
    struct strbuf path = STRBUF_INIT;
    strbuf_addf(&path, "%s/ledger.sqlite", workdir);
    int rc = ODP_OK;
    if (sqlite3_open(path.buf, &l->db) != SQLITE_OK) {
        rc = db_error(l, err, path.buf);
        goto out;
    }
    sqlite3_busy_timeout(l->db, 30000);
    sqlite3_exec(l->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL, NULL);
    rc = migrate(l, err);
    if (rc)
        goto out;
    if (sqlite3_prepare_v2(l->db,
                           "INSERT OR REPLACE INTO fetch_pages (source, url, run_id, status,"
                           " http_status, etag, last_modified, build_stamp, sha256, fetched_at,"
                           " content_fetched_at, attempts, last_error, entry)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &l->put, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(l->db,
                           "SELECT entry, run_id FROM fetch_pages WHERE source=? AND url=?", -1,
                           &l->get, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(l->db, "INSERT OR REPLACE INTO page_links VALUES (?,?)", -1, &l->lput,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(l->db, "SELECT links FROM page_links WHERE sha256=?", -1, &l->lget,
                           NULL) != SQLITE_OK)
        rc = db_error(l, err, "preparing statements");
out:
    strbuf_release(&path);
    if (rc) {
        ledger_close(l);
        return rc;
    }
    *out = l;
    return ODP_OK;
}

void ledger_close(struct ledger *l)
{
    if (!l)
        return;
    ledger_flush(l);
    sqlite3_finalize(l->put);
    sqlite3_finalize(l->get);
    sqlite3_finalize(l->lput);
    sqlite3_finalize(l->lget);
    sqlite3_close(l->db);
    free(l);
}

int ledger_fetch_begin(struct ledger *l, const char *source, long long *run_id, int *resumed,
                       struct odp_error *err)
{
    ledger_flush(l);
    sqlite3_stmt *st;
    *resumed = 0;
    if (sqlite3_prepare_v2(l->db,
                           "SELECT run_id FROM fetch_runs WHERE source=? AND finished_at IS NULL"
                           " ORDER BY run_id DESC LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(l, err, "finding an unfinished run");
    sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *run_id = sqlite3_column_int64(st, 0);
        *resumed = 1;
    }
    sqlite3_finalize(st);
    if (*resumed)
        return ODP_OK;
    char now[32];
    now_iso(now, sizeof(now));
    if (sqlite3_prepare_v2(l->db, "INSERT INTO fetch_runs (source, started_at) VALUES (?,?)", -1,
                           &st, NULL) != SQLITE_OK)
        return db_error(l, err, "starting a run");
    sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? ODP_OK : db_error(l, err, "starting a run");
    sqlite3_finalize(st);
    *run_id = sqlite3_last_insert_rowid(l->db);
    return rc;
}

int ledger_fetch_end(struct ledger *l, long long run_id, const char *outcome,
                     struct odp_error *err)
{
    ledger_flush(l);
    sqlite3_stmt *st;
    char now[32];
    now_iso(now, sizeof(now));
    if (sqlite3_prepare_v2(l->db,
                           "UPDATE fetch_runs SET finished_at=?, outcome=? WHERE run_id=?", -1,
                           &st, NULL) != SQLITE_OK)
        return db_error(l, err, "finishing a run");
    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, outcome, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, run_id);
    int rc = sqlite3_step(st) == SQLITE_DONE ? ODP_OK : db_error(l, err, "finishing a run");
    sqlite3_finalize(st);
    return rc;
}

static void bind_opt(sqlite3_stmt *st, int i, json_t *entry, const char *key)
{
    json_t *v = json_object_get(entry, key);
    if (json_is_string(v))
        sqlite3_bind_text(st, i, json_string_value(v), -1, SQLITE_TRANSIENT);
    else if (json_is_integer(v))
        sqlite3_bind_int64(st, i, json_integer_value(v));
    else
        sqlite3_bind_null(st, i);
}

int ledger_fetch_put(struct ledger *l, const char *source, long long run_id, json_t *entry,
                     struct odp_error *err)
{
    double t0 = clock_s();
    char *js = json_dumps(entry, JSON_COMPACT);
    const char *status = json_object_get(entry, "sha256")    ? "ok"
                         : json_object_get(entry, "skipped") ? "skipped"
                                                             : "failed";
    sqlite3_stmt *st = l->put;
    if (!l->in_batch) {
        sqlite3_exec(l->db, "BEGIN", NULL, NULL, NULL);
        l->batch_start = clock_s();
    }
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    bind_opt(st, 2, entry, "url");
    sqlite3_bind_int64(st, 3, run_id);
    sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
    bind_opt(st, 5, entry, "http_status");
    bind_opt(st, 6, entry, "etag");
    bind_opt(st, 7, entry, "last_modified");
    bind_opt(st, 8, entry, "build_stamp");
    bind_opt(st, 9, entry, "sha256");
    bind_opt(st, 10, entry, "fetched_at");
    bind_opt(st, 11, entry, "content_fetched_at");
    bind_opt(st, 12, entry, "attempts");
    json_t *e = json_object_get(entry, "error");
    if (!e)
        e = json_object_get(entry, "skipped");
    if (json_is_string(e))
        sqlite3_bind_text(st, 13, json_string_value(e), -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 13);
    sqlite3_bind_text(st, 14, js, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st) == SQLITE_DONE ? ODP_OK : db_error(l, err, "recording a page");
    sqlite3_reset(st);
    free(js);
    l->in_batch++;
    if (l->in_batch >= 200 || clock_s() - l->batch_start > 0.5)
        ledger_flush(l);
    ledger_seconds += clock_s() - t0;
    return rc;
}

json_t *ledger_fetch_get(struct ledger *l, const char *source, const char *url,
                         long long *run_id)
{
    double t0 = clock_s();
    sqlite3_stmt *st = l->get;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, url, -1, SQLITE_TRANSIENT);
    json_t *v = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        v = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
        if (run_id)
            *run_id = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    ledger_seconds += clock_s() - t0;
    return v;
}

int ledger_links_put(struct ledger *l, const char *sha256, json_t *links)
{
    double t0 = clock_s();
    char *js = json_dumps(links, JSON_COMPACT);
    sqlite3_reset(l->lput);
    sqlite3_bind_text(l->lput, 1, sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(l->lput, 2, js, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(l->lput) == SQLITE_DONE ? ODP_OK : ODP_EIO;
    sqlite3_reset(l->lput);
    free(js);
    ledger_seconds += clock_s() - t0;
    return rc;
}

json_t *ledger_links_get(struct ledger *l, const char *sha256)
{
    double t0 = clock_s();
    sqlite3_reset(l->lget);
    sqlite3_bind_text(l->lget, 1, sha256, -1, SQLITE_TRANSIENT);
    json_t *v = NULL;
    if (sqlite3_step(l->lget) == SQLITE_ROW)
        v = json_loads((const char *)sqlite3_column_text(l->lget, 0), 0, NULL);
    sqlite3_reset(l->lget);
    ledger_seconds += clock_s() - t0;
    return v;
}

int ledger_run_begin(struct ledger *l, const char *command, const char *pipeline,
                     long long *run_id, struct odp_error *err)
{
    ledger_flush(l);
    sqlite3_stmt *st;
    char now[32];
    now_iso(now, sizeof(now));
    if (sqlite3_prepare_v2(l->db, "INSERT INTO runs (command, pipeline, started_at) VALUES (?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(l, err, "starting a run");
    sqlite3_bind_text(st, 1, command, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, pipeline, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st) == SQLITE_DONE ? ODP_OK : db_error(l, err, "starting a run");
    sqlite3_finalize(st);
    *run_id = sqlite3_last_insert_rowid(l->db);
    return rc;
}

int ledger_run_end(struct ledger *l, long long run_id, int exit_status, int interrupted,
                   struct odp_error *err)
{
    ledger_flush(l);
    sqlite3_stmt *st;
    char now[32];
    now_iso(now, sizeof(now));
    if (sqlite3_prepare_v2(l->db,
                           "UPDATE runs SET finished_at=?, exit_status=?, interrupted=? WHERE run_id=?",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(l, err, "finishing a run");
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, exit_status);
    sqlite3_bind_int(st, 3, interrupted);
    sqlite3_bind_int64(st, 4, run_id);
    int rc = sqlite3_step(st) == SQLITE_DONE ? ODP_OK : db_error(l, err, "finishing a run");
    sqlite3_finalize(st);
    return rc;
}

int ledger_stage_result(struct ledger *l, long long run_id, const char *source, const char *stage,
                        const char *outcome, long count, long quarantined, const char *error,
                        double seconds, struct odp_error *err)
{
    ledger_flush(l);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(l->db, "INSERT OR REPLACE INTO stage_results VALUES (?,?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(l, err, "recording a stage");
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_text(st, 2, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, stage, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, outcome, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, count);
    sqlite3_bind_int64(st, 6, quarantined);
    if (error)
        sqlite3_bind_text(st, 7, error, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 7);
    sqlite3_bind_double(st, 8, seconds);
    int rc = sqlite3_step(st) == SQLITE_DONE ? ODP_OK : db_error(l, err, "recording a stage");
    sqlite3_finalize(st);
    return rc;
}

json_t *ledger_run_get(struct ledger *l, long long run_id)
{
    sqlite3_stmt *st;
    const char *sql = run_id > 0
                          ? "SELECT run_id, command, pipeline, started_at, finished_at, exit_status,"
                            " interrupted FROM runs WHERE run_id=?"
                          : "SELECT run_id, command, pipeline, started_at, finished_at, exit_status,"
                            " interrupted FROM runs ORDER BY run_id DESC LIMIT 1";
    if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    if (run_id > 0)
        sqlite3_bind_int64(st, 1, run_id);
    json_t *run = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        run = json_object();
        json_object_set_new(run, "run", json_integer(sqlite3_column_int64(st, 0)));
        json_object_set_new(run, "command", json_string((const char *)sqlite3_column_text(st, 1)));
        json_object_set_new(run, "pipeline", json_string((const char *)sqlite3_column_text(st, 2)));
        json_object_set_new(run, "started_at", json_string((const char *)sqlite3_column_text(st, 3)));
        json_object_set_new(run, "finished_at", sqlite3_column_type(st, 4) == SQLITE_NULL
                                                    ? json_null()
                                                    : json_string((const char *)sqlite3_column_text(st, 4)));
        json_object_set_new(run, "exit_status", sqlite3_column_type(st, 5) == SQLITE_NULL
                                                    ? json_null()
                                                    : json_integer(sqlite3_column_int(st, 5)));
        json_object_set_new(run, "interrupted", json_boolean(sqlite3_column_int(st, 6)));
    }
    sqlite3_finalize(st);
    if (!run)
        return NULL;
    json_t *results = json_array();
    if (sqlite3_prepare_v2(l->db,
                           "SELECT source, stage, outcome, count, quarantined, error, seconds FROM"
                           " stage_results WHERE run_id=? ORDER BY rowid",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(run, "run")));
        while (sqlite3_step(st) == SQLITE_ROW) {
            json_t *r = json_object();
            json_object_set_new(r, "source", json_string((const char *)sqlite3_column_text(st, 0)));
            json_object_set_new(r, "stage", json_string((const char *)sqlite3_column_text(st, 1)));
            json_object_set_new(r, "outcome", json_string((const char *)sqlite3_column_text(st, 2)));
            json_object_set_new(r, "count", json_integer(sqlite3_column_int64(st, 3)));
            json_object_set_new(r, "quarantined", json_integer(sqlite3_column_int64(st, 4)));
            json_object_set_new(r, "error", sqlite3_column_type(st, 5) == SQLITE_NULL
                                                ? json_null()
                                                : json_string((const char *)sqlite3_column_text(st, 5)));
            json_object_set_new(r, "seconds", json_real(sqlite3_column_double(st, 6)));
            json_array_append_new(results, r);
        }
        sqlite3_finalize(st);
    }
    json_object_set_new(run, "results", results);
    return run;
}
