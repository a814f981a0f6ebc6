namespace Understudy.Core.Chaos;

/// <summary>One violation, with the operations or views that show it.</summary>
public sealed record HistoryViolation(HistoryViolationKind Kind, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind}: {Detail}";
}
