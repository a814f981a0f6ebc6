/*
 * understudy-guard: the native lease guard (docs/failover.md, "The lease guard").
 *
 *   understudy-guard --lease-file F --log L [--stop-signal N] [--stop-timeout-ms MS] [--user NAME] -- CMD ARGS...
 *   understudy-guard --lease-file F --log L --address ADDRESS/PREFIX --device IF
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
 * With --user the workload runs as that account (its groups, gid and uid, in that order, before
 * the parent-death signal is set: a change of credentials clears it); the guard stays root.
 *
 * With --address the guard holds an address instead of running a workload: it adds it to the
 * device once it has seen the lease (rtnetlink RTM_NEWADDR, replace, no duplicate detection: the
 * bytes of Core's AddressMessage) and removes it when the lease ends (exit 75), on a stop signal
 * (exit 0), or on failure (exit 1). So an address is fenced like a process.
 *
 * Why native: a guard's whole job is timing. It sleeps until exactly the deadline it read (or
 * 50 ms, to notice a lease cut short), so the workload dies within a millisecond of the lease's
 * end, not up to a poll interval later, and it starts in a millisecond, not a runtime start-up.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
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
                    "[--stop-signal N] [--stop-timeout-ms MS] [--user NAME] -- COMMAND [ARGS...]\n"
                    "       understudy-guard --lease-file F --log L --address ADDRESS/PREFIX --device IF\n", why);
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

/* An address the guard holds (--address/--device). */
struct held {
    int family, prefix, index;
    unsigned char bytes[16];
    const char *text, *device;
};

static int parse_held(const char *cidr, const char *device, struct held *out) {
    char address[64];
    const char *slash = strchr(cidr, '/');
    long long prefix;
    if (!slash || (size_t)(slash - cidr) >= sizeof address || !parse_number(slash + 1, &prefix)) return 0;
    memcpy(address, cidr, slash - cidr);
    address[slash - cidr] = 0;
    if (inet_pton(AF_INET, address, out->bytes) == 1) out->family = AF_INET;
    else if (inet_pton(AF_INET6, address, out->bytes) == 1) out->family = AF_INET6;
    else return 0;
    if (prefix > (out->family == AF_INET ? 32 : 128)) return 0;
    out->prefix = (int)prefix;
    out->index = (int)if_nametoindex(device);
    out->text = cidr;
    out->device = device;
    return 1;
}

static void attribute(char *buf, size_t *at, unsigned short type, const void *value, unsigned short length) {
    struct rtattr *rta = (struct rtattr *)(buf + *at);
    rta->rta_type = type;
    rta->rta_len = RTA_LENGTH(length);
    memcpy(RTA_DATA(rta), value, length);
    *at += RTA_ALIGN(rta->rta_len);
}

/* Adds (replacing) or removes the held address; 0 or an errno. */
static int change_address(const struct held *held, int add) {
    char buf[256] __attribute__((aligned(4)));
    memset(buf, 0, sizeof buf);
    struct nlmsghdr *header = (struct nlmsghdr *)buf;
    header->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
    header->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
    header->nlmsg_seq = 1;
    struct ifaddrmsg *message = (struct ifaddrmsg *)NLMSG_DATA(header);
    message->ifa_family = (unsigned char)held->family;
    message->ifa_prefixlen = (unsigned char)held->prefix;
    message->ifa_index = (unsigned)held->index;
    size_t at = NLMSG_LENGTH(sizeof *message);
    unsigned short length = held->family == AF_INET ? 4 : 16;
    attribute(buf, &at, IFA_LOCAL, held->bytes, length);
    attribute(buf, &at, IFA_ADDRESS, held->bytes, length);
    if (add) {
        unsigned flags = IFA_F_NODAD;
        attribute(buf, &at, IFA_FLAGS, &flags, sizeof flags);
    }
    header->nlmsg_len = (unsigned)at;

    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) return errno;
    int result = 0;
    if (send(fd, buf, at, 0) != (ssize_t)at) result = errno;
    else {
        char answer[1024] __attribute__((aligned(4)));
        ssize_t n = recv(fd, answer, sizeof answer, 0);
        struct nlmsghdr *reply = (struct nlmsghdr *)answer;
        if (n < 0) result = errno;
        else if (n >= (ssize_t)NLMSG_LENGTH(sizeof(int)) && reply->nlmsg_type == NLMSG_ERROR)
            result = -*(int *)NLMSG_DATA(reply);
    }
    close(fd);
    if (!add && result == EADDRNOTAVAIL) result = 0; /* already gone */
    return result;
}

static void note_errno(int log, const char *what, const char *cidr, int error) {
    char text[256];
    snprintf(text, sizeof text, "understudy guard: cannot %s %s: %s\n", what, cidr, strerror(error));
    note(log, text);
}

/* Holds the address while the lease lasts: the --address mode's whole life. */
static int hold(const char *lease, int log, const struct held *held, sigset_t *watched) {
    if (held->index == 0) {
        char text[128];
        snprintf(text, sizeof text, "understudy guard: no interface %s\n", held->device);
        note(log, text);
        return 1;
    }
    int error = change_address(held, 1);
    if (error) { note_errno(log, "add", held->text, error); return 1; }
    int code = 0;
    for (;;) {
        long long now = now_ns(), deadline = read_deadline(lease);
        if (deadline < 0 || now >= deadline) { code = LEASE_EXPIRED; break; }
        long long wait = deadline - now < POLL_NS ? deadline - now : POLL_NS;
        struct timespec timeout = {wait / 1000000000LL, wait % 1000000000LL};
        int got = sigtimedwait(watched, NULL, &timeout);
        if (got > 0 && got != SIGCHLD) break;
    }
    error = change_address(held, 0);
    if (error) { note_errno(log, "remove", held->text, error); return 1; }
    if (code == LEASE_EXPIRED) note(log, "understudy guard: lease expired, address removed\n");
    return code;
}

int main(int argc, char **argv) {
    /* Signals first: a stop that arrives while the guard starts stays pending, never fatal. */
    sigset_t watched, previous;
    sigemptyset(&watched);
    int stops[] = {SIGTERM, SIGINT, SIGQUIT, SIGHUP};
    for (unsigned i = 0; i < sizeof stops / sizeof *stops; i++) sigaddset(&watched, stops[i]);
    sigaddset(&watched, SIGCHLD);
    sigprocmask(SIG_BLOCK, &watched, &previous);

    const char *lease = NULL, *log_path = NULL, *address = NULL, *device = NULL, *user = NULL;
    long long stop_signal = SIGTERM, stop_timeout_ms = 5000;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) { i++; break; }
        if (i + 1 >= argc) return usage("missing value after an option");
        if (strcmp(argv[i], "--lease-file") == 0) lease = argv[++i];
        else if (strcmp(argv[i], "--log") == 0) log_path = argv[++i];
        else if (strcmp(argv[i], "--address") == 0) address = argv[++i];
        else if (strcmp(argv[i], "--device") == 0) device = argv[++i];
        else if (strcmp(argv[i], "--user") == 0) user = argv[++i];
        else if (strcmp(argv[i], "--stop-signal") == 0) {
            if (!parse_number(argv[++i], &stop_signal) || stop_signal < 1 || stop_signal > 64) return usage("--stop-signal: not a signal number");
        } else if (strcmp(argv[i], "--stop-timeout-ms") == 0) {
            if (!parse_number(argv[++i], &stop_timeout_ms)) return usage("--stop-timeout-ms: not a number of milliseconds");
        } else return usage("unknown option");
    }
    if (!lease || !log_path) return usage("--lease-file and --log are required");
    struct held held;
    if (address && (!device || i < argc || !parse_held(address, device, &held)))
        return usage("--address needs ADDRESS/PREFIX, --device IF and no command");
    if (!address && i >= argc) return usage("no command");
    struct passwd *account = NULL;
    if (user && !(account = getpwnam(user))) {
        fprintf(stderr, "understudy-guard: --user: no account '%s'\n", user);
        return 126; /* as for an account it cannot become */
    }

    sigset_t pending;
    sigpending(&pending);
    for (unsigned s = 0; s < sizeof stops / sizeof *stops; s++)
        if (sigismember(&pending, stops[s])) return LEASE_EXPIRED;
    long long deadline = read_deadline(lease);
    if (deadline < 0 || now_ns() >= deadline) return LEASE_EXPIRED;

    int log = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (log < 0) { perror("understudy-guard: log"); return 1; }
    if (address) return hold(lease, log, &held, &watched);

    prctl(PR_SET_CHILD_SUBREAPER, 1); /* orphans of the workload come to the guard, not init */
    pid_t guard = getpid();
    pid_t child = fork();
    if (child < 0) { perror("understudy-guard: fork"); return 1; }
    if (child == 0) {
        if (account && (initgroups(account->pw_name, account->pw_gid) != 0 || setgid(account->pw_gid) != 0 || setuid(account->pw_uid) != 0)) {
            dprintf(log, "understudy-guard: cannot become user %s: %s\n", account->pw_name, strerror(errno));
            _exit(126);
        }
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
