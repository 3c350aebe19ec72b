/*
 * fault.h: fault injection for crash tests. With ODP_FAULT_AT=N in the
 * environment, the N-th call of fault_point() in a process kills it with
 * SIGKILL, as a power cut or an OOM kill would. Unset, it costs one branch.
 */
#ifndef ODP_FAULT_H
#define ODP_FAULT_H

void fault_point(void);

#endif
