using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Understudy.Bench.Common;

/// <summary>Runs wrk and reads requests/s, p50, p99 and errors from its output.</summary>
public static partial class Wrk
{
    /// <summary>Runs wrk; with <paramref name="thinkMs"/> above 0, each connection waits that long
    /// before each request (a wrk script's <c>delay</c>), so the load is paced below saturation;
    /// with <paramref name="netns"/>, inside that network namespace (the host lab's client).</summary>
    public static async Task<WrkResult> RunAsync(string url, int connections, int threads, int seconds, int thinkMs = 0, string? netns = null)
    {
        List<string> args = ["-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s", "--latency"];
        if (thinkMs > 0)
        {
            args.AddRange(["-s", ThinkScript(thinkMs)]);
        }

        args.Add(url);
        var start = new ProcessStartInfo(netns is null ? "wrk" : "ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in netns is null ? args : ["netns", "exec", netns, "wrk", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var command = (netns is null ? "" : $"ip netns exec {netns} ") + "wrk " + string.Join(' ', args);
        if (process.ExitCode != 0 || RequestsPerSecond().Match(output) is not { Success: true } rps)
        {
            throw new InvalidOperationException($"{command} failed ({process.ExitCode}): {output}{errors}");
        }

        var failed = 0L;
        foreach (Match m in SocketErrors().Matches(output))
        {
            failed += long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (Non2xx().Match(output) is { Success: true } non2xx)
        {
            failed += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return new WrkResult(command, double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50%"), Percentile(output, "99%"), requests, failed);
    }

    private static string ThinkScript(int thinkMs)
    {
        var path = Path.Combine(Path.GetTempPath(), $"understudy-bench-think-{thinkMs}.lua");
        File.WriteAllText(path, $"function delay()\n  return {thinkMs.ToString(CultureInfo.InvariantCulture)}\nend\n");
        return path;
    }

    private static double Percentile(string output, string which)
    {
        var m = Regex.Match(output, @"^\s*" + Regex.Escape(which) + @"\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            _ => value * 60_000,
        };
    }

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();
}
