using System.Globalization;
using Understudy.Core.Chaos;

namespace Understudy.Cli.Scenario;

/// <summary>What <c>scenario chaos</c> prints: a line per seed, then faults by kind, times to converge and violations.</summary>
internal static class ChaosReport
{
    public static void WriteSeed(TextWriter output, ChaosOutcome o)
    {
        if (o.Error is not null)
        {
            output.WriteLine($"  ERROR: {o.Error}");
            return;
        }

        var writes = o.History.Where(h => h.Kind == KvOperationKind.Write).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {o.Faults.Count} faults; converged {(o.ConvergedAfter is { } c ? $"{c.TotalSeconds:0.0} s" : "never")} after the last; writes ok {Count(writes, KvOutcome.Ok)} / refused or unreachable {Count(writes, KvOutcome.Fail)} / unknown {Count(writes, KvOutcome.Unknown)}; reads ok {o.History.Count(h => h.Kind == KvOperationKind.Read) / ChaosClients.Writers}; NLB requests ok {o.NlbOk} / failed {o.NlbFailed}; violations {o.Violations.Count}"));
        foreach (var v in o.Violations.Take(20))
        {
            output.WriteLine($"  VIOLATION {v}");
        }
    }

    public static void WriteSummary(TextWriter output, IReadOnlyList<ChaosOutcome> outcomes)
    {
        var faults = outcomes.SelectMany(o => o.Faults).GroupBy(f => f.Fault.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        var times = outcomes.Where(o => o.ConvergedAfter is not null).Select(o => o.ConvergedAfter!.Value.TotalSeconds).Order().ToList();
        output.WriteLine($"seeds {outcomes.Count}: passed {outcomes.Count(o => o.Error is null && o.Violations.Count == 0)}, failed {outcomes.Count(o => o.Error is not null || o.Violations.Count > 0)}");
        output.WriteLine($"faults by kind: {string.Join(", ", faults)}");
        if (times.Count > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time to converge after the last fault: median {times[times.Count / 2]:0.0} s, max {times[^1]:0.0} s ({times.Count} seeds)"));
        }

        var kinds = outcomes.SelectMany(o => o.Violations).GroupBy(v => v.Kind).Select(g => $"{g.Key} {g.Count()}").ToList();
        output.WriteLine($"violations by kind: {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))}");
    }

    /// <summary>The whole history of a failed seed, one operation a line, for replay and reading.</summary>
    public static void WriteHistory(string path, ChaosOutcome o)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, o.Faults.Select(f => $"fault {f.Fault} on {f.Node}, ended {f.Ended}")
            .Concat(o.Violations.Select(v => "violation " + v))
            .Concat(o.History.OrderBy(h => h.InvokedAt).Select(h => h.ToString())));
    }

    private static int Count(IEnumerable<KvOperation> writes, KvOutcome outcome) => writes.Count(w => w.Outcome == outcome);
}
