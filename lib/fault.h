/*
 * fault.h: fault injection for crash and error-path tests, in the manner of
 * SQLite's and curl's torture tests. Unset, each hook costs one branch.
 *
 *  - ODP_FAULT_AT=N: the N-th call of fault_point() in a process kills it
 *    with SIGKILL, as a power cut or an OOM kill would.
 *  - ODP_FAULT_WRITE=N: the N-th output operation of the process fails as a
 *    full or failing disk would; the caller takes its real error path. An
 *    output operation is anything a stage does that changes what is on disk:
 *    a create, write, flush, fsync, rename, link or symlink of a file it
 *    publishes (lib/atomic_file.c, the release's own renames and links), a
 *    directory made (fault_mkdir), and the removal of a staging folder or a
 *    temporary file on the normal path.
 *  - ODP_FAULT_ALLOC=N: the N-th allocation of the process (lib/xalloc.h's
 *    functions call fault_alloc) fails as if memory had run out.
 *  - ODP_FAULT_COUNT=1: at exit, the process prints on stderr how many
 *    allocations and output operations it made ("odp: fault count: N
 *    allocations", "odp: fault count: N writes"), which is how far a test
 *    must try N.
 *  - ODP_FAULT_TRACE=FILE: the process appends a line to FILE at every
 *    output operation ("write A") and every change of what its exit removes
 *    ("track A", lib/atomic_file.c's tracked temporary files), A being the
 *    number of allocations made before it. An allocation failure ends the
 *    process (xalloc_die), so the N-th failing leaves what the operations
 *    before it made and removes what was tracked then: every N between two
 *    lines of the trace ends in the same state, and a test need try only the
 *    first and the last N of each such interval.
 *
 * Deliberately not covered: SQLite's own writes (the ledger; SQLite has its
 * own fault tests and rolls back what a dying process left), libxlsxwriter's
 * (it writes the workbook into the release's staging folder, which an exit
 * removes), the bytes stdio writes into a temporary file before its flush
 * (the file is tracked, removed at exit; its flush is an operation), and
 * reads. The trace is for a process that runs its tasks one at a time
 * (--jobs 1): with threads or children the counts interleave.
 */
#ifndef ODP_FAULT_H
#define ODP_FAULT_H

#include <sys/types.h>

void fault_point(void);

/* One output operation. Returns 0, or, when ODP_FAULT_WRITE names this one,
 * -1 with errno set to errnum (ENOSPC for writes, EIO for the others): test
 * it before the real call, `if (fault_write(EIO) || rename(a, b) != 0)`. */
int fault_write(int errnum);

/* mkdir(2), an output operation when it makes the directory (an existing one
 * is no change on disk and is not counted): a failure injected there removes
 * the directory again and returns -1 with errno EIO. */
int fault_mkdir(const char *path, mode_t mode);

/* One allocation (lib/xalloc.c): 1 when ODP_FAULT_ALLOC names this one. */
int fault_alloc(void);

/* What an exit removes changed (a temporary path tracked or untracked):
 * a line of ODP_FAULT_TRACE, never a failure. */
void fault_cleanup_changed(void);

/* Whether ODP_FAULT_COUNT is set. */
int fault_counting(void);

#endif
