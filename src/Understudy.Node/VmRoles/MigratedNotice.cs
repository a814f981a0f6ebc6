namespace Understudy.Node.VmRoles;

/// <summary>Sent by the source host after a live migration completed, for the record.</summary>
/// <param name="Token">The new owner's fencing token.</param>
/// <param name="Source">The node the VM came from.</param>
/// <param name="DowntimeMs">How long QEMU paused the guest for the last copy (QEMU's <c>downtime</c>).</param>
/// <param name="TotalMs">The whole migration (QEMU's <c>total-time</c>).</param>
/// <param name="SourceSilentMs">Time since the source last heard the guest, when it sent this.</param>
internal sealed record MigratedNotice(long Token, string Source, double DowntimeMs, double TotalMs, double? SourceSilentMs) : Api.IRequestBody
{
    /// <inheritdoc/>
    public Api.ApiError? Problem() =>
        Token <= 0 ? new("'token' must be a fencing token (a positive number)", "token")
        : string.IsNullOrEmpty(Source) ? new("'source' is required", "source")
        : DowntimeMs < 0 || TotalMs < 0 || SourceSilentMs < 0 ? new("durations cannot be negative", DowntimeMs < 0 ? "downtimeMs" : TotalMs < 0 ? "totalMs" : "sourceSilentMs")
        : null;
}
