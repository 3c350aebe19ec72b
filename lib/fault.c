/* fault.c: see fault.h. */
#include "fault.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

void fault_point(void)
{
    static long at = -1, count;
    if (at < 0) {
        const char *v = getenv("ODP_FAULT_AT");
        at = v && *v ? strtol(v, NULL, 10) : 0;
    }
    if (at > 0 && ++count == at)
        kill(getpid(), SIGKILL);
}
