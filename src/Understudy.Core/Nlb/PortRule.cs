using System.Collections.Immutable;

namespace Understudy.Core.Nlb;

/// <summary>One port rule of the <c>nlb:</c> section (docs/nlb.md).</summary>
public sealed record PortRule
{
    /// <summary>Default weight of a member, as Windows NLB ("equal load").</summary>
    public const int DefaultWeight = 50;

    /// <summary>Unique name, used by <c>understudy nlb weight NODE RULE WEIGHT</c>.</summary>
    public required string Name { get; init; }

    /// <summary>First port of the range the cluster listens on.</summary>
    public required int FirstPort { get; init; }

    /// <summary>Last port of the range (equal to <see cref="FirstPort"/> for one port).</summary>
    public required int LastPort { get; init; }

    /// <summary>What the rule forwards.</summary>
    public NlbProtocol Protocol { get; init; } = NlbProtocol.Tcp;

    /// <summary>How traffic is spread.</summary>
    public FilteringMode Mode { get; init; } = FilteringMode.Multiple;

    /// <summary>Which part of the client address picks the bucket. Default Single, as Windows NLB.</summary>
    public Affinity Affinity { get; init; } = Affinity.Single;

    /// <summary>The member's service port for <see cref="FirstPort"/>; port <c>FirstPort + i</c>
    /// goes to <c>TargetPort + i</c> on the member's address.</summary>
    public required int TargetPort { get; init; }

    /// <summary>How long a client stays on its member across convergence after its last
    /// connection; zero turns extended affinity off.</summary>
    public TimeSpan ExtendedAffinity { get; init; } = TimeSpan.Zero;

    /// <summary>Configured weights by node (0-100); a node not listed has <see cref="DefaultWeight"/>.</summary>
    public ImmutableSortedDictionary<string, int> Weights { get; init; } = ImmutableSortedDictionary<string, int>.Empty;

    /// <summary>Handling priorities for single mode by node (lower is preferred); a node not
    /// listed uses its host priority.</summary>
    public ImmutableSortedDictionary<string, int> HandlingPriorities { get; init; } = ImmutableSortedDictionary<string, int>.Empty;

    /// <summary>The clone role that serves the rule on every member, or null for an external
    /// service. A member whose instance of it is not Online owns no buckets of the rule.</summary>
    public string? Role { get; init; }

    /// <summary>Number of ports in the range.</summary>
    public int PortCount => LastPort - FirstPort + 1;

    /// <summary>Whether <paramref name="port"/> is in the range.</summary>
    public bool Covers(int port) => port >= FirstPort && port <= LastPort;

    /// <summary>The member's service port for a cluster port of this rule.</summary>
    public int TargetFor(int port) => TargetPort + (port - FirstPort);

    /// <summary>The configured weight of <paramref name="node"/>.</summary>
    public int WeightOf(string node) => Weights.TryGetValue(node, out var weight) ? weight : DefaultWeight;
}
