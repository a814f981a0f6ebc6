using System.Collections.Immutable;

namespace Understudy.Core.Vms;

/// <summary>VM monitoring's verdict about one VM at one instant: a value the failover layer acts on.</summary>
/// <param name="Condition">What monitoring concludes.</param>
/// <param name="FailedServices">The monitored services reported failed (only for <see cref="VmCondition.ServiceFailed"/>).</param>
public sealed record VmVerdict(VmCondition Condition, ImmutableArray<string> FailedServices)
{
    /// <summary>Booting.</summary>
    public static VmVerdict Booting { get; } = new(VmCondition.Booting, []);

    /// <summary>Healthy.</summary>
    public static VmVerdict Healthy { get; } = new(VmCondition.Healthy, []);

    /// <summary>Silent.</summary>
    public static VmVerdict Silent { get; } = new(VmCondition.Silent, []);

    /// <summary>Boot timed out.</summary>
    public static VmVerdict BootTimedOut { get; } = new(VmCondition.BootTimedOut, []);

    /// <summary>Whether this is a resource failure for the role's restart and failover policy.</summary>
    public bool IsFailure => Condition is VmCondition.Silent or VmCondition.BootTimedOut or VmCondition.ServiceFailed;

    /// <summary>One line for logs and status: "silent", "service failed: web, db".</summary>
    public string Describe() => Condition switch
    {
        VmCondition.Booting => "booting",
        VmCondition.Healthy => "healthy",
        VmCondition.Silent => "silent",
        VmCondition.BootTimedOut => "no heartbeat within the boot timeout",
        _ => "service failed: " + string.Join(", ", FailedServices),
    };

    /// <summary>Equal when the condition and the failed services match.</summary>
    public bool Equals(VmVerdict? other) =>
        other is not null && Condition == other.Condition && FailedServices.SequenceEqual(other.FailedServices);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Condition, FailedServices.Length);
}
