namespace Understudy.Core.Database;

/// <summary>
/// The operator token rotated (<c>understudy token rotate</c>): from this entry on, every node
/// accepts only the operator token of <paramref name="Generation"/>
/// (<see cref="Security.ApiToken.Operator"/>), so a token handed to a person, a script or a
/// browser is revoked without a restart. The nodes' own internal token does not change.
/// </summary>
public sealed record OperatorTokenRotated(DateTimeOffset At, long Generation) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state) => Generation <= state.OperatorTokenGeneration
        ? state
        : (state with { OperatorTokenGeneration = Generation }).WithEvent(At, "OperatorTokenRotated", null, null, $"operator token rotated to generation {Generation}; earlier operator tokens are refused");
}
