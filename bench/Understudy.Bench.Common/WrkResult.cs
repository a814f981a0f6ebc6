namespace Understudy.Bench.Common;

/// <summary>One wrk run: requests/s, p50 and p99 latency in milliseconds, requests and failures (socket errors + non-2xx).</summary>
public sealed record WrkResult(string Command, double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Failed);
