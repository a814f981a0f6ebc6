namespace Understudy.Node.Vms.Qemu;

/// <summary>How a live migration went, as QEMU's <c>query-migrate</c> reports it.</summary>
/// <param name="Status">QEMU's final status: <c>completed</c> or <c>failed</c>.</param>
/// <param name="TotalTime">From the start of the migration to its end.</param>
/// <param name="Downtime">How long the guest was paused for the final copy (QEMU's <c>downtime</c>).</param>
/// <param name="Error">QEMU's error description, when it failed.</param>
public sealed record MigrationResult(string Status, TimeSpan TotalTime, TimeSpan Downtime, string? Error)
{
    /// <summary>Whether the guest now runs on the target.</summary>
    public bool Succeeded => Status == "completed";
}
