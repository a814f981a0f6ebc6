/*
 * understudy-guard: the native lease guard (docs/failover.md, "The lease guard").
 *
 *   understudy-guard --lease-file F --log L [--stop-signal N] [--stop-timeout-ms MS] -- CMD ARGS...
 *
 * Runs one workload and kills it the moment the node's lease ends. Same contract as the .NET
 * `understudy guard` (src/Understudy.Node/Resources/LeaseGuard.cs), which nodes use when this
 * binary was not built:
 *   - the lease file holds one decimal number, a CLOCK_MONOTONIC deadline in nanoseconds
 *     (.NET's Stopwatch timestamp on Linux); missing or unreadable means expired;
 *   - no lease (or a stop already asked for) at start: exit 75 without running anything;
 *   - the lease ends: SIGKILL the workload and its descendants, note it in the log, exit 75;
 *   - SIGTERM/SIGINT/SIGQUIT/SIGHUP: send the stop signal, SIGKILL after the stop timeout, exit
 *     with the workload's code;
 *   - the guard dies, even by SIGKILL: the kernel kills the workload (PR_SET_PDEATHSIG);
 *   - the workload exits: exit with its code (128 + signal when a signal ended it).
 * The workload's stdout and stderr are appended to the log; stdin is /dev/null.
 *
 * Why native: a guard's whole job is timing. It sleeps until exactly the deadline it read (or
 * 50 ms, to notice a lease cut short), so the workload dies within a millisecond of the lease's
 * end, not up to a poll interval later, and it starts in a millisecond, not a runtime start-up.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LEASE_EXPIRED 75
#define POLL_NS 50000000LL

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The deadline in the lease file, or -1 when there is none. */
static long long read_deadline(const char *path) {
    char buf[64];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' || buf[n - 1] == '\r')) n--;
    if (n == 0) return -1;
    long long value = 0;
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] < '0' || buf[i] > '9') return -1;
        if (value > (0x7fffffffffffffffLL - 9) / 10) return -1;
        value = value * 10 + (buf[i] - '0');
    }
    return value;
}

static void note(int log, const char *text) {
    if (log >= 0 && write(log, text, strlen(text)) < 0) { /* the log is best effort */ }
}

/* Adds pid's descendants to list (from /proc/<pid>/task/<tid>/children) */
static int descendants(pid_t root, pid_t *list, int count, int capacity) {
    int first = count;
    list[count++] = root;
    for (int at = first; at < count; at++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/task", list[at]);
        DIR *tasks = opendir(path);
        if (!tasks) continue;
        struct dirent *task;
        while ((task = readdir(tasks)) != NULL) {
            if (task->d_name[0] == '.') continue;
            char file[300];
            snprintf(file, sizeof file, "/proc/%d/task/%s/children", list[at], task->d_name);
            FILE *f = fopen(file, "re");
            if (!f) continue;
            int child;
            while (count < capacity && fscanf(f, "%d", &child) == 1) list[count++] = child;
            fclose(f);
        }
        closedir(tasks);
    }
    return count;
}

/* SIGKILL everything the guard started, orphans included (the guard is their subreaper): stop
 * them all first so none can fork away, then reap them. */
static void kill_all(void) {
    enum { CAPACITY = 4096 };
    static pid_t list[CAPACITY];
    for (int round = 0; round < 3; round++) {
        int count = descendants(getpid(), list, 0, CAPACITY);
        for (int i = 1; i < count; i++) kill(list[i], SIGSTOP);
        for (int i = 1; i < count; i++) kill(list[i], SIGKILL);
    }
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR) { }
}

static int exit_code(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

static int usage(const char *why) {
    fprintf(stderr, "understudy-guard: %s\nusage: understudy-guard --lease-file F --log L "
                    "[--stop-signal N] [--stop-timeout-ms MS] -- COMMAND [ARGS...]\n", why);
    return 2;
}

static int parse_number(const char *text, long long *value) {
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || *end || end == text || v < 0) return 0;
    *value = v;
    return 1;
}

int main(int argc, char **argv) {
    /* Signals first: a stop that arrives while the guard starts stays pending, never fatal. */
    sigset_t watched, previous;
    sigemptyset(&watched);
    int stops[] = {SIGTERM, SIGINT, SIGQUIT, SIGHUP};
    for (unsigned i = 0; i < sizeof stops / sizeof *stops; i++) sigaddset(&watched, stops[i]);
    sigaddset(&watched, SIGCHLD);
    sigprocmask(SIG_BLOCK, &watched, &previous);

    const char *lease = NULL, *log_path = NULL;
    long long stop_signal = SIGTERM, stop_timeout_ms = 5000;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) { i++; break; }
        if (i + 1 >= argc) return usage("missing value after an option");
        if (strcmp(argv[i], "--lease-file") == 0) lease = argv[++i];
        else if (strcmp(argv[i], "--log") == 0) log_path = argv[++i];
        else if (strcmp(argv[i], "--stop-signal") == 0) {
            if (!parse_number(argv[++i], &stop_signal) || stop_signal < 1 || stop_signal > 64) return usage("--stop-signal: not a signal number");
        } else if (strcmp(argv[i], "--stop-timeout-ms") == 0) {
            if (!parse_number(argv[++i], &stop_timeout_ms)) return usage("--stop-timeout-ms: not a number of milliseconds");
        } else return usage("unknown option");
    }
    if (!lease || !log_path) return usage("--lease-file and --log are required");
    if (i >= argc) return usage("no command");

    sigset_t pending;
    sigpending(&pending);
    for (unsigned s = 0; s < sizeof stops / sizeof *stops; s++)
        if (sigismember(&pending, stops[s])) return LEASE_EXPIRED;
    long long deadline = read_deadline(lease);
    if (deadline < 0 || now_ns() >= deadline) return LEASE_EXPIRED;

    int log = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (log < 0) { perror("understudy-guard: log"); return 1; }

    prctl(PR_SET_CHILD_SUBREAPER, 1); /* orphans of the workload come to the guard, not init */
    pid_t guard = getpid();
    pid_t child = fork();
    if (child < 0) { perror("understudy-guard: fork"); return 1; }
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != guard) _exit(1); /* the guard died before prctl took effect */
        int in = open("/dev/null", O_RDONLY);
        if (in >= 0) { dup2(in, 0); close(in); }
        dup2(log, 1);
        dup2(log, 2);
        for (unsigned s = 0; s < sizeof stops / sizeof *stops; s++) signal(stops[s], SIG_DFL);
        sigprocmask(SIG_SETMASK, &previous, NULL);
        execvp(argv[i], &argv[i]);
        dprintf(2, "understudy-guard: cannot run %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }

    long long stop_by = -1; /* set once a stop was asked for: when to SIGKILL */
    for (;;) {
        int status;
        pid_t done;
        while ((done = waitpid(-1, &status, WNOHANG)) > 0) {
            if (done == child) {
                kill_all(); /* nothing it started outlives it */
                return exit_code(status);
            }
        }

        /* The lease is checked even while stopping: nothing runs past it, grace period or not. */
        long long now = now_ns();
        deadline = read_deadline(lease);
        if (deadline < 0 || now >= deadline) {
            kill_all();
            note(log, "understudy guard: lease expired, workload killed\n");
            return LEASE_EXPIRED;
        }
        if (stop_by >= 0 && now >= stop_by) {
            kill_all();
            return 128 + SIGKILL;
        }

        long long wake = now + POLL_NS;
        if (deadline < wake) wake = deadline;
        if (stop_by >= 0 && stop_by < wake) wake = stop_by;
        long long wait = wake - now;
        struct timespec timeout = {wait / 1000000000LL, wait % 1000000000LL};
        int got = sigtimedwait(&watched, NULL, &timeout);
        if (got > 0 && got != SIGCHLD && stop_by < 0) {
            kill(child, (int)stop_signal);
            stop_by = now_ns() + stop_timeout_ms * 1000000LL;
        }
    }
}
