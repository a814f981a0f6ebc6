/*
 * usagent: the signing half of the QEMU guest agent (see docs/vms.md).
 *
 * Busybox has no HMAC applet and a heartbeat's MAC covers a sequence number that changes
 * every beat, so the guest must compute HMAC-SHA256 itself. This program does only that: every
 * interval it writes one heartbeat datagram (docs/protocol.md, "Heartbeat datagram") and, if the
 * agent script has written one, one service report datagram ("Service report datagram"), each
 * as one line of lowercase hex, to the heartbeat serial port. SHA-256 follows FIPS 180-4, HMAC
 * RFC 2104; both are checked against the RFC 4231 test vectors by `usagent --self-test`.
 *
 * usagent NAME KEYFILE INTERVAL_MS SERVICESFILE OUTPUT
 *   KEYFILE      64 hex characters: the VM's guest-agent key
 *   SERVICESFILE lines "name state" (state: running | failed), replaced atomically by the script
 *   OUTPUT       the serial device, /dev/ttyS1
 *
 * A live migration caught in the middle of a line can cost the UART its transmit interrupt:
 * the guest's 8250 driver then waits for it forever and nothing more leaves ttyS1 (seen about
 * once in 15 moves). When the tty's output queue has not moved for STUCK_TICKS intervals the
 * agent drops it and reopens the port, which re-arms the interrupt; the beats carry on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

typedef struct { uint32_t h[8]; uint64_t len; uint8_t buf[64]; size_t used; } sha256;

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256 *s, const uint8_t *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3]; e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
    for (int i = 0; i < 64; i++) {
        t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d; s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_init(sha256 *s)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, iv, sizeof iv);
    s->len = 0;
    s->used = 0;
}

static void sha256_update(sha256 *s, const uint8_t *p, size_t n)
{
    s->len += n;
    while (n > 0) {
        size_t take = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->buf + s->used, p, take);
        s->used += take; p += take; n -= take;
        if (s->used == 64) { sha256_block(s, s->buf); s->used = 0; }
    }
}

static void sha256_final(sha256 *s, uint8_t out[32])
{
    uint64_t bits = s->len * 8;
    uint8_t pad = 0x80, zero = 0, len[8];
    sha256_update(s, &pad, 1);
    while (s->used != 56) sha256_update(s, &zero, 1);
    for (int i = 0; i < 8; i++) len[i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_update(s, len, 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(s->h[i] >> 24); out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(s->h[i] >> 8); out[4 * i + 3] = (uint8_t)s->h[i];
    }
}

/* RFC 2104 with a key of at most one block (ours is 32 bytes; longer keys are hashed first). */
static void hmac_sha256(const uint8_t *key, size_t keylen, const uint8_t *msg, size_t n, uint8_t out[32])
{
    uint8_t k[64] = {0}, ipad[64], opad[64], inner[32];
    sha256 s;
    if (keylen > 64) { sha256_init(&s); sha256_update(&s, key, keylen); sha256_final(&s, k); }
    else memcpy(k, key, keylen);
    for (int i = 0; i < 64; i++) { ipad[i] = k[i] ^ 0x36; opad[i] = k[i] ^ 0x5c; }
    sha256_init(&s); sha256_update(&s, ipad, 64); sha256_update(&s, msg, n); sha256_final(&s, inner);
    sha256_init(&s); sha256_update(&s, opad, 64); sha256_update(&s, inner, 32); sha256_final(&s, out);
}

static size_t put64(uint8_t *p, int64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)((uint64_t)v >> (56 - 8 * i)); return 8; }
static size_t put32(uint8_t *p, int32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)((uint32_t)v >> (24 - 8 * i)); return 4; }

#define STUCK_TICKS 4

/* True when fd's output queue has held the same or more bytes for STUCK_TICKS checks in a row. */
static int output_stuck(int fd)
{
    static int ticks, last;
    int queued = 0;
    if (ioctl(fd, TIOCOUTQ, &queued) == 0 && queued > 0 && queued >= last) ticks++;
    else ticks = 0;
    last = queued;
    if (ticks < STUCK_TICKS) return 0;
    ticks = 0;
    last = 0;
    return 1;
}

static int write_line(int fd, const uint8_t *d, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    char line[2 * 1024 + 2];
    for (size_t i = 0; i < n; i++) { line[2 * i] = hex[d[i] >> 4]; line[2 * i + 1] = hex[d[i] & 15]; }
    line[2 * n] = '\n';
    return write(fd, line, 2 * n + 1) == (ssize_t)(2 * n + 1) ? 0 : -1;
}

/* Heartbeat datagram v1, kind 2 (guest agent). */
static size_t heartbeat(uint8_t *d, const char *name, int64_t inc, int64_t seq, const uint8_t *key)
{
    size_t n = strlen(name), o = 0;
    memcpy(d, "USHB", 4); o = 4;
    d[o++] = 1; d[o++] = 2; d[o++] = (uint8_t)n;
    memcpy(d + o, name, n); o += n;
    o += put64(d + o, inc); o += put64(d + o, seq); o += put32(d + o, (int32_t)getpid());
    hmac_sha256(key, 32, d, o, d + o);
    return o + 32;
}

/* Service report datagram v1: the states in SERVICESFILE; 0 if there is none yet. */
static size_t report(uint8_t *d, const char *name, int64_t inc, int64_t seq, const uint8_t *key, const char *path)
{
    FILE *f = fopen(path, "r");
    char svc[64], state[16];
    size_t n = strlen(name), o = 0, count_at;
    int count = 0;
    if (!f) return 0;
    memcpy(d, "USSR", 4); o = 4;
    d[o++] = 1; d[o++] = (uint8_t)n;
    memcpy(d + o, name, n); o += n;
    o += put64(d + o, inc); o += put64(d + o, seq);
    count_at = o++;
    while (count < 8 && fscanf(f, "%63s %15s", svc, state) == 2) {
        size_t l = strlen(svc);
        d[o++] = (uint8_t)l; memcpy(d + o, svc, l); o += l;
        d[o++] = strcmp(state, "running") == 0 ? 1 : 2;
        count++;
    }
    fclose(f);
    d[count_at] = (uint8_t)count;
    hmac_sha256(key, 32, d, o, d + o);
    return o + 32;
}

static int self_test(void)
{
    /* RFC 4231 test case 2. */
    static const char *expect = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    uint8_t mac[32];
    char got[65];
    hmac_sha256((const uint8_t *)"Jefe", 4, (const uint8_t *)"what do ya want for nothing?", 28, mac);
    for (int i = 0; i < 32; i++) sprintf(got + 2 * i, "%02x", mac[i]);
    printf("%s\n", strcmp(got, expect) == 0 ? "ok" : "FAILED");
    return strcmp(got, expect) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    uint8_t key[32], d[1024];
    char hexkey[80] = {0};
    struct timespec next, now, wall;
    int64_t incarnation, seq = 0, rseq = 0;
    long interval_ms;
    int fd;
    FILE *kf;

    if (argc == 2 && strcmp(argv[1], "--self-test") == 0) return self_test();
    if (argc != 6 || strlen(argv[1]) < 1 || strlen(argv[1]) > 63) {
        fprintf(stderr, "usage: usagent NAME KEYFILE INTERVAL_MS SERVICESFILE OUTPUT\n");
        return 2;
    }
    if (!(kf = fopen(argv[2], "r")) || fscanf(kf, "%64s", hexkey) != 1 || strlen(hexkey) != 64) {
        fprintf(stderr, "usagent: %s must hold 64 hex characters\n", argv[2]);
        return 2;
    }
    fclose(kf);
    for (int i = 0; i < 32; i++) { unsigned v; sscanf(hexkey + 2 * i, "%2x", &v); key[i] = (uint8_t)v; }
    memset(hexkey, 0, sizeof hexkey);
    interval_ms = atol(argv[3]);
    if (interval_ms < 10) interval_ms = 250;
    if ((fd = open(argv[5], O_WRONLY | O_NOCTTY)) < 0) { perror(argv[5]); return 1; }

    clock_gettime(CLOCK_REALTIME, &wall);
    incarnation = (int64_t)wall.tv_sec * 1000 + wall.tv_nsec / 1000000;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (;;) {
        if (output_stuck(fd)) {
            tcflush(fd, TCOFLUSH);
            close(fd);
            while ((fd = open(argv[5], O_WRONLY | O_NOCTTY)) < 0) sleep(1);
        }
        size_t n = heartbeat(d, argv[1], incarnation, ++seq, key);
        write_line(fd, d, n);
        if ((n = report(d, argv[1], incarnation, rseq + 1, key, argv[4])) > 0) { rseq++; write_line(fd, d, n); }
        next.tv_nsec += interval_ms * 1000000L;
        while (next.tv_nsec >= 1000000000L) { next.tv_nsec -= 1000000000L; next.tv_sec++; }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec > next.tv_sec + 1) next = now; /* after a pause, no burst of catch-up beats */
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {}
    }
}
