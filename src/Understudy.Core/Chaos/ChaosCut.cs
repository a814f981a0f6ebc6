using System.Collections.Immutable;

namespace Understudy.Core.Chaos;

/// <summary>
/// Which nodes a network fault separates, by index in file order, once its target is known:
/// frames from every node of <see cref="From"/> to every node of <see cref="To"/> are dropped,
/// and the other way too unless <see cref="OneWay"/>. Nodes in neither side reach everyone.
/// </summary>
public sealed record ChaosCut(ImmutableArray<int> From, ImmutableArray<int> To, bool OneWay)
{
    /// <summary>
    /// The cut of <paramref name="fault"/> (a <see cref="ChaosFaultKind.Partition"/>,
    /// <see cref="ChaosFaultKind.OneWay"/> or <see cref="ChaosFaultKind.Bridge"/>) that hits the
    /// node at <paramref name="target"/> of <paramref name="nodes"/>. The others are taken in
    /// order after the target (wrapping), so the same fault and target give the same cut.
    /// </summary>
    public static ChaosCut Of(ChaosFault fault, int target, int nodes)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 3);
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(target, nodes);
        var others = Enumerable.Range(1, nodes - 1).Select(i => (target + i) % nodes).ToImmutableArray();
        switch (fault.Kind)
        {
            case ChaosFaultKind.Partition:
                // The target's side stays a minority: at most (nodes - 1) / 2 nodes.
                var companions = Math.Clamp(fault.Companions, 0, ((nodes - 1) / 2) - 1);
                return new([target, .. others.Take(companions)], [.. others.Skip(companions)], OneWay: false);
            case ChaosFaultKind.OneWay:
                return fault.Inbound ? new(others, [target], OneWay: true) : new([target], others, OneWay: true);
            case ChaosFaultKind.Bridge:
                var half = others.Length / 2;
                return new([.. others.Take(half)], [.. others.Skip(half)], OneWay: false);
            default:
                throw new ArgumentException($"{fault.Kind} is not a cut of the network", nameof(fault));
        }
    }
}
