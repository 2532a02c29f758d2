/* sessions.h — the tunnel sessions and daily availability the corpus must
 * give (issue 16; formats in bench/README.md).
 *
 * Recorded from the event records as each pluto line is written (never by
 * parsing the text) and computed at the end, once the conn rule can be
 * resolved:
 *   - a tunnel is (host, conn, peer), the peer being the line's attributed
 *     peer exactly as in the peers truth (SPEC §5: written, by serial, by the
 *     conn rule, or '-');
 *   - it goes up at a phase2_up line while down; a phase2_up while up is a
 *     rekey; it goes down at dpd_dead or disconnect, or when its host's pluto
 *     restarts: the first IKE line with another pid ends every open session
 *     of the host at that line's time (ended_by restart);
 *   - a session still up at the end ends at the host's last IKE line
 *     (ended_by open);
 *   - "message repeated N times" counts N times: a repeated phase2_up opens
 *     a session (if down) and is N-1 rekeys more, or N rekeys if up; a
 *     repeated dpd_dead/disconnect ends the session once;
 *   - a host's data (for open ends and observed_seconds) is its IKE lines,
 *     the lines `--report events` lists (debug "| " lines excluded);
 *     every generated line has a timestamp. */
#ifndef GEN_SESSIONS_H
#define GEN_SESSIONS_H

#include "base.h"

struct cal;
struct model;
struct qline;

struct sev;  /* a recorded event */
struct sess; /* a session being built */

struct sessions {
    struct sev *ev; size_t nev, capev;
    struct hostspan { u64 first, last; u32 pid; int seen, pid_seen; } *hosts;
    int nhosts;
    struct sess *s; size_t ns, caps;
};

void sessions_init(struct sessions *ss, int nhosts);
/* Records IKE line q (not a debug line) of host at time t (seconds since day 0). */
void sessions_line(struct sessions *ss, const struct qline *q, int host, u64 t);
/* Builds the sessions (after the last line; the conn rule is final then)
 * and writes the files given (NULL: not written). */
void sessions_write(struct sessions *ss, const struct model *m, const struct cal *c, const char *sessions_csv,
                    const char *availability_csv);

#endif
