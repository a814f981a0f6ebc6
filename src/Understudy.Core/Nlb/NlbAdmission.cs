namespace Understudy.Core.Nlb;

/// <summary>
/// Admission of a node to load balancing, as Windows NLB: a host whose port rules differ from
/// the cluster's, or whose host priority another admitted host holds, is refused; the rest of
/// the cluster carries on. Decided when the announcement is applied, so every node agrees even
/// when two announcements race.
/// </summary>
public static class NlbAdmission
{
    /// <summary>The verdict on <paramref name="node"/> announcing <paramref name="fingerprint"/>
    /// and <paramref name="hostPriority"/> against the committed <paramref name="state"/>.</summary>
    public static NlbAdmissionVerdict Decide(NlbState state, string node, string fingerprint, int hostPriority)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Fingerprint is { } cluster && cluster != fingerprint)
        {
            return new(fingerprint, hostPriority, false,
                $"port rules differ from the cluster's (node rules {fingerprint}, cluster rules {cluster}); every node needs the same nlb.address and nlb.rules");
        }

        var holder = state.Members.Values.FirstOrDefault(m =>
            m.Node != node && m.Admission is { Admitted: true } verdict && verdict.HostPriority == hostPriority);
        if (holder is not null)
        {
            return new(fingerprint, hostPriority, false, $"host priority {hostPriority} is already held by {holder.Node}; host priorities must be unique");
        }

        return new(fingerprint, hostPriority, true, null);
    }
}
