using System.Collections.Immutable;
using Understudy.Core.Failover;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>
/// Reads the optional <c>failover:</c> section: the lease timing (<see cref="LeaseTiming"/>).
/// Every key is optional; ranges and reasons are in docs/cluster-file.md.
/// </summary>
internal static class FailoverSectionReader
{
    private static ImmutableArray<string> Keys { get; } = ["lease", "leaderLease", "renew", "margin"];

    public static void Read(YamlNode value, string path, ClusterFileDraft draft, ConfigErrorList errors)
    {
        if (YamlText.IsNull(value) || MappingReader.Open(value, path, Keys, errors) is not { } section)
        {
            return;
        }

        var timing = LeaseTiming.Default;
        if (Duration(section, "lease", TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(60), errors) is { } lease)
        {
            timing = timing with { Lease = lease };
        }

        // Without its own value the leader's lease follows a shorter lease down.
        if (Duration(section, "leaderLease", TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60), errors) is { } leaderLease)
        {
            timing = timing with { LeaderLease = leaderLease };
        }
        else if (timing.Lease < timing.LeaderLease)
        {
            timing = timing with { LeaderLease = timing.Lease };
        }

        if (Duration(section, "renew", TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(30), errors) is { } renew)
        {
            timing = timing with { Renew = renew };
        }

        if (Duration(section, "margin", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10), errors) is { } margin)
        {
            timing = timing with { Margin = margin };
        }

        if (timing.Problem() is { } problem)
        {
            var key = problem.StartsWith("leaderLease", StringComparison.Ordinal) ? "leaderLease" : "renew";
            errors.Add(section.PathOf(key), section.Optional(key) ?? value, problem);
            return;
        }

        draft.Lease = timing;
    }

    private static TimeSpan? Duration(MappingReader section, string key, TimeSpan min, TimeSpan max, ConfigErrorList errors) =>
        section.Optional(key) is { } node ? ScalarReader.Duration(node, section.PathOf(key), min, max, errors) : null;
}
