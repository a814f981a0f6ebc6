using Understudy.Core.Database;

namespace Understudy.Core.Nlb;

/// <summary>An operator set a member's weight (0-100) for one rule.</summary>
public sealed record NlbWeightSet(DateTimeOffset At, string Node, string Rule, int Weight) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state) => state with
    {
        Nlb = state.Nlb with { Weights = state.Nlb.Weights.SetItem(NlbState.WeightKey(Node, Rule), Weight) },
    };
}
