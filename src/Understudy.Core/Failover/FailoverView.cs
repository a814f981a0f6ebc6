using System.Collections.Immutable;

namespace Understudy.Core.Failover;

/// <summary>What the leader observes beyond the database when it decides about roles.</summary>
/// <param name="NodeOrder">Every node roles may run on (the cluster file's nodes but its witnesses), in file order.</param>
/// <param name="LeaseExpired">Down nodes whose lease has surely run out, by the leader's clock
/// (see <see cref="LeaseRule"/>): only their roles may be given to another node.</param>
public sealed record FailoverView(ImmutableArray<string> NodeOrder, ImmutableHashSet<string> LeaseExpired);
