using System.Collections.Immutable;
using Understudy.Core.Nlb;
using Understudy.Node.Api;
using Understudy.Node.Database;
using Understudy.Node.Nlb;

namespace Understudy.Node.Dashboard;

/// <summary>Assembles the dashboard document from the status document, the committed state and the peers' answers.</summary>
internal sealed class DashboardBuilder(StatusBuilder status, RaftHost raft, NlbViewSource views, PeerReports peers, DashboardOptions options)
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    public DashboardDocument Build()
    {
        var state = raft.State;
        var view = views.Current;
        return new DashboardDocument
        {
            Status = status.Build(),
            Maintenance = state.Maintenance,
            BucketMaps = view is null
                ? ImmutableSortedDictionary<string, string>.Empty
                : view.Rules.ToImmutableSortedDictionary(r => r.Rule.Name, r => Encode(r.Map, view), StringComparer.Ordinal),
            Events = [.. state.Events.Reverse().Take(options.EventsShown)],
            Hosts = peers.Current(),
        };
    }

    /// <summary>One character per bucket: the owner's index among the view's members.</summary>
    private static string Encode(BucketMap map, NlbView view)
    {
        var index = view.Members.Select((m, i) => (m.Node, i)).ToDictionary(p => p.Node, p => p.i, StringComparer.Ordinal);
        return string.Create(BucketMap.BucketCount, (map, index), static (span, s) =>
        {
            for (var bucket = 0; bucket < span.Length; bucket++)
            {
                span[bucket] = s.map.OwnerOf(bucket) is { } owner && s.index.TryGetValue(owner, out var i) && i < Digits.Length ? Digits[i] : '.';
            }
        });
    }
}
