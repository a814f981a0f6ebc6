using System.Collections.Immutable;

namespace Understudy.Core.Lab;

/// <summary>
/// The two sides of <c>lab partition A,B / C</c>: node names separated by commas, the sides by a
/// slash. A node may stand on one side only; a side may not be empty. The client is on neither
/// side and keeps reaching every host (it is the admin workstation watching the split).
/// </summary>
/// <param name="From">The first side's hosts.</param>
/// <param name="To">The second side's hosts.</param>
public sealed record LabPartition(ImmutableArray<LabHost> From, ImmutableArray<LabHost> To)
{
    /// <summary>The partition <paramref name="text"/> names on <paramref name="plan"/>, or the error.</summary>
    public static (LabPartition? Partition, string? Error) Parse(string text, LabPlan plan)
    {
        var sides = text.Split('/');
        if (sides.Length != 2)
        {
            return (null, $"'{text}' is not a partition; write the two sides as A,B / C");
        }

        var from = Side(sides[0], plan, out var fromError);
        var to = Side(sides[1], plan, out var toError);
        if ((fromError ?? toError) is { } error)
        {
            return (null, error);
        }

        if (from.Intersect(to).FirstOrDefault() is { } both)
        {
            return (null, $"host {both.Name} is on both sides of '{text}'; name it on one side only");
        }

        return (new LabPartition(from, to), null);
    }

    private static ImmutableArray<LabHost> Side(string text, LabPlan plan, out string? error)
    {
        error = null;
        var hosts = ImmutableArray.CreateBuilder<LabHost>();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (name == LabNames.ClientName || plan.Find(name) is not { } host)
            {
                error = name == LabNames.ClientName
                    ? "the client cannot be partitioned; name nodes only (use lab cut client to unplug it)"
                    : plan.UnknownHost(name);
                return [];
            }

            hosts.Add(host);
        }

        if (hosts.Count == 0)
        {
            error = $"a side of the partition names no host; write the two sides as A,B / C";
        }

        return hosts.ToImmutable();
    }
}
