/*
 * fault.h: fault injection for crash and error-path tests, in the manner of
 * SQLite's and curl's torture tests. Unset, each hook costs one branch.
 *
 *  - ODP_FAULT_AT=N: the N-th call of fault_point() in a process kills it
 *    with SIGKILL, as a power cut or an OOM kill would.
 *  - ODP_FAULT_WRITE=N: the N-th output operation of the process (a create,
 *    write, flush, fsync, rename or link of a file or release a stage
 *    publishes: lib/atomic_file.c and the release's own renames and links)
 *    fails as a full or failing disk would; the caller takes its real error
 *    path. (ODP_FAULT_ALLOC, the N-th allocation, is lib/xalloc.h's.)
 *  - ODP_FAULT_COUNT=1: at exit, the process prints on stderr how many
 *    allocations and output operations it made ("odp: fault count: ..."),
 *    which is how far a test must try N.
 *
 * Deliberately not covered: SQLite's own writes (the ledger; SQLite has its
 * own fault tests) and reads.
 */
#ifndef ODP_FAULT_H
#define ODP_FAULT_H

void fault_point(void);

/* One output operation. Returns 0, or, when ODP_FAULT_WRITE names this one,
 * -1 with errno set to errnum (ENOSPC for writes, EIO for the others): test
 * it before the real call, `if (fault_write(EIO) || rename(a, b) != 0)`. */
int fault_write(int errnum);

/* Whether ODP_FAULT_COUNT is set (xalloc reports its count then too). */
int fault_counting(void);

#endif
