using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Core.Membership;

namespace Understudy.Core.Failover;

/// <summary>A role a node may run or still be stopping, under the token its database gives it.</summary>
/// <param name="Role">Role name.</param>
/// <param name="Token">The role's fencing token in the claiming node's database.</param>
public sealed record LeaseClaim(string Role, long Token);

/// <summary>
/// The rules of <em>witnessed</em> leases: the second way an owner keeps its lease, for when the
/// leader stalls (a GC pause, a frozen VM, a busy host) and the survivors take longer to elect
/// another than the lease lasts (docs/failover.md, "A stalled leader").
/// <para>
/// An owner that missed its leader renewals asks every member to <em>note</em> it instead; a
/// member notes it — and from then on promises not to help give the owner's roles away for
/// <c>lease + margin</c> by its own clock — unless <see cref="Refusal"/> says why not. Noted by a
/// majority (itself counted), the owner's lease runs <c>lease</c> from the moment it asked.
/// </para>
/// <para>
/// The leader moves a Down node's roles at once but lets the new owner start only when their
/// release is confirmed: by the old owner, or by its lease's sure end, which now also takes a
/// majority of members <em>fenced</em> against it. A fenced member notes the old owner no more
/// (while the release is pending, and afterwards because its claims are stale) and tells the
/// leader when its last promise ends; the leader waits for the end of the smallest majority's
/// promises (<see cref="WitnessedEnd"/>). Any majority that noted the owner shares a member with
/// the fenced majority, so no witnessed lease outlives that wait.
/// </para>
/// </summary>
public static class LeaseWitness
{
    /// <summary>What <paramref name="node"/> claims: every role its database lets it run, and every
    /// role it must still stop before its new owner may start it.</summary>
    public static ImmutableArray<LeaseClaim> ClaimsOf(ClusterState state, string node)
    {
        ArgumentNullException.ThrowIfNull(state);
        return [.. state.Roles.Values
            .Where(r => r.Owner == node || r.AwaitingRelease == node)
            .Select(r => new LeaseClaim(r.Name, r.FencingToken))];
    }

    /// <summary>Null when a member whose database is <paramref name="state"/> may note
    /// <paramref name="node"/>'s renewal; else why not.</summary>
    /// <param name="state">The witnessing member's database.</param>
    /// <param name="node">The node asking.</param>
    /// <param name="claims">What it claims (<see cref="ClaimsOf"/> of its own database).</param>
    /// <param name="fencedAt">The highest token the leader fenced <paramref name="node"/> at on this member, or null.</param>
    public static string? Refusal(ClusterState state, string node, IEnumerable<LeaseClaim> claims, long? fencedAt)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(claims);
        if (fencedAt is { } fence && (state.FencingCounter < fence || state.Roles.Values.Any(r => r.AwaitingRelease == node && r.FencingToken <= fence)))
        {
            return $"the leader is releasing {node}'s roles (fenced at token {fence})";
        }

        foreach (var claim in claims)
        {
            // A claim newer than this member's database cannot be contradicted by it.
            if (claim.Token > state.FencingCounter)
            {
                continue;
            }

            if (!state.Roles.TryGetValue(claim.Role, out var role) || role.FencingToken != claim.Token || (role.Owner != node && role.AwaitingRelease != node))
            {
                var now = role is null ? "removed" : $"at token {role.FencingToken} on {role.Owner ?? "no node"}";
                return $"{node} claims role {claim.Role} at token {claim.Token}, which is {now} here";
            }
        }

        return null;
    }

    /// <summary>How many members make a majority of <paramref name="members"/>.</summary>
    public static int Majority(int members) => (members / 2) + 1;

    /// <summary>
    /// When every witnessed lease of a fenced node has surely ended, from the fenced members'
    /// answers: each the moment (the leader's clock) by which that member's last promise to the
    /// node ends. Null while fewer than a majority answered. Any majority that noted the node
    /// shares a member with the majority of earliest ends, so the latest end among those bounds it.
    /// </summary>
    /// <param name="promiseEnds">One end per fenced member that answered.</param>
    /// <param name="members">Voting members of the cluster.</param>
    public static TimeSpan? WitnessedEnd(IReadOnlyCollection<TimeSpan> promiseEnds, int members)
    {
        ArgumentNullException.ThrowIfNull(promiseEnds);
        var majority = Majority(members);
        return promiseEnds.Count < majority ? null : promiseEnds.Order().ElementAt(majority - 1);
    }

    /// <summary>The token a Down node is fenced at: the highest of the roles awaiting its release,
    /// or null if none awaits it.</summary>
    public static long? FenceToken(ClusterState state, string node)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tokens = state.Roles.Values.Where(r => r.AwaitingRelease == node).Select(r => r.FencingToken).ToList();
        return tokens.Count == 0 ? null : tokens.Max();
    }

    /// <summary>
    /// The token to fence a Down node at before its roles move, or null if it owns none: the
    /// highest token the batch that moves them can give (one per role from the next one), so the
    /// leader fences while it waits for the node's lease to expire and the release that follows
    /// the move finds the round done. A fence is only ever a refusal to note, so fencing early or
    /// high is safe; a move that takes a higher token than this starts another round.
    /// </summary>
    public static long? PrefenceToken(ClusterState state, string node)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.NodeOrJoining(node).State == NodeState.Down && state.Roles.Values.Any(r => r.Owner == node && r.AwaitingRelease is null)
            ? state.NextFencingToken + state.Roles.Count - 1
            : null;
    }
}
