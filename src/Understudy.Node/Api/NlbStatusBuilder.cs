using System.Collections.Immutable;
using Understudy.Core.Nlb;
using Understudy.Node.Database;
using Understudy.Node.Nlb;
using Understudy.Node.Nlb.Distributed;
using Understudy.Node.Nlb.Steering;

namespace Understudy.Node.Api;

/// <summary>Builds the <c>nlb</c> part of the status document from the derived view.</summary>
internal sealed class NlbStatusBuilder(NlbViewSource views, RaftHost raft, NlbConnections connections, SteeringStatus steering, HostFilterStatus filter)
{
    public NlbDocument? Build()
    {
        var state = raft.State;
        if (views.Current is not { } view)
        {
            return null;
        }

        return new NlbDocument
        {
            Address = view.Config.ClusterAddress.ToString(),
            Mode = Lower(view.Config.Mode),
            DefaultHost = view.DefaultHost,
            Rules = [.. view.Rules.Select(r => new NlbRuleDocument
            {
                Name = r.Rule.Name,
                Ports = r.Rule.FirstPort == r.Rule.LastPort ? $"{r.Rule.FirstPort}" : $"{r.Rule.FirstPort}-{r.Rule.LastPort}",
                Protocol = Lower(r.Rule.Protocol),
                Mode = Lower(r.Rule.Mode),
                Affinity = Lower(r.Rule.Affinity),
                TargetPort = r.Rule.TargetPort,
                Role = r.Rule.Role,
            })],
            Members = [.. view.Members.Select(m => new NlbMemberDocument
            {
                Name = m.Node,
                State = m.Status.State.ToString(),
                Eligible = m.Eligible,
                Admitted = m.Status.Admission?.Admitted,
                AdmissionReason = m.Status.Admission?.Reason,
                HostPriority = m.HostPriority,
                Weight = m.Weights,
                Buckets = view.Rules.ToImmutableSortedDictionary(r => r.Rule.Name, r => r.Map.BucketsOwnedBy(m.Node), StringComparer.Ordinal),
                Connections = connections.OpenTo(m.Node),
                Reason = m.Status.Reason,
                Idle = NlbIdleReason.Of(view, state, m),
            })],
            Steering = steering.Current is { } s
                ? new NlbSteeringDocument { Enabled = s.Enabled, Reason = s.Reason, Current = s.Enabled && s.AppliedVersion == view.Version }
                : null,
            Filter = filter.Current is { } f
                ? new NlbSteeringDocument { Enabled = f.Enabled, Reason = f.Reason, Current = f.Enabled && f.AppliedVersion == view.Version }
                : null,
        };
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
