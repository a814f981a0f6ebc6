using System.Globalization;

namespace Understudy.Bench.Common;

/// <summary>
/// One reading of a process from /proc: CPU time so far (utime + stime of all its threads, dead
/// ones included, in clock ticks of 10 ms), resident memory (RSS, and PSS: shared pages such as
/// the runtime's and the framework's images divided among the processes that map them) and
/// thread count, and open descriptors.
/// </summary>
public sealed record ProcSample(long CpuTicks, long RssKiB, long PssKiB, int Threads)
{
    /// <summary>Open file descriptors of <paramref name="pid"/>, or null if it is gone.</summary>
    public static int? Descriptors(int pid)
    {
        try
        {
            return Directory.GetFiles($"/proc/{pid}/fd").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Clock ticks per second (<c>getconf CLK_TCK</c>; 100 on every Linux build in use).</summary>
    public const double TicksPerSecond = 100;

    public static ProcSample? Read(int pid)
    {
        try
        {
            // Fields after the command name's closing parenthesis: state is field 3, utime 14, stime 15.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            long rss = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1].Trim(), CultureInfo.InvariantCulture);
                }
            }

            long pss = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    pss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }

            return new ProcSample(ticks, rss, pss, threads);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Pids whose parent is <paramref name="pid"/>, recursively (a node's guards and workloads).</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var child))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[child] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.TryDequeue(out var p))
        {
            foreach (var (child, parent) in parents)
            {
                if (parent == p)
                {
                    found.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }

        return found;
    }
}
