using Understudy.Core.Database;

namespace Understudy.Core.Nlb;

/// <summary>A node announced its NLB settings; applying it records the admission verdict.</summary>
public sealed record NlbAnnounce(DateTimeOffset At, string Node, string Fingerprint, int HostPriority) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        var nlb = state.Nlb;
        var verdict = NlbAdmission.Decide(nlb, Node, Fingerprint, HostPriority);
        var next = nlb.WithMember(nlb.MemberOrInitial(Node) with { Admission = verdict });
        if (verdict.Admitted && next.Fingerprint is null)
        {
            next = next with { Fingerprint = Fingerprint };
        }

        return state with { Nlb = next };
    }
}
