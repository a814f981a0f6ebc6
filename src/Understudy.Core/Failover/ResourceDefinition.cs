using System.Collections.Immutable;

namespace Understudy.Core.Failover;

/// <summary>One resource of a role: exactly one of the specs is set, matching <see cref="Kind"/>.</summary>
public sealed record ResourceDefinition
{
    /// <summary>Unique within the role.</summary>
    public required string Name { get; init; }

    /// <summary>The driver.</summary>
    public required ResourceKind Kind { get; init; }

    /// <summary>Resources of the same role that must be online before this one starts; this one
    /// stops before them.</summary>
    public ImmutableArray<string> DependsOn { get; init; } = [];

    /// <summary>Set for <see cref="ResourceKind.Process"/>.</summary>
    public ProcessSpec? Process { get; init; }

    /// <summary>Set for <see cref="ResourceKind.Probe"/>.</summary>
    public ProbeSpec? Probe { get; init; }

    /// <summary>Set for <see cref="ResourceKind.Address"/>.</summary>
    public AddressSpec? Address { get; init; }

    /// <summary>Set for <see cref="ResourceKind.Vm"/>.</summary>
    public VmSpec? Vm { get; init; }
}
