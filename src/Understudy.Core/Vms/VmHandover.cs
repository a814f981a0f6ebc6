namespace Understudy.Core.Vms;

/// <summary>The decision about a VM whose role stops on this host.</summary>
/// <param name="Kind">Stop (restart elsewhere) or live-migrate.</param>
/// <param name="Target">The node to migrate to, for <see cref="VmHandoverKind.Migrate"/>.</param>
/// <param name="Token">The target's fencing token, which its incoming VM is bound to.</param>
/// <param name="Reason">Why, for the log.</param>
public sealed record VmHandover(VmHandoverKind Kind, string? Target, long Token, string Reason)
{
    /// <summary>A plain stop, and why.</summary>
    public static VmHandover Restart(string reason) => new(VmHandoverKind.Restart, null, 0, reason);
}
