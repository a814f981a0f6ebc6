namespace Understudy.Core.Vms;

/// <summary>How the QEMU driver runs guests.</summary>
public enum Acceleration
{
    /// <summary>KVM if a probe guest heartbeats under it, else software emulation.</summary>
    Auto,

    /// <summary>KVM only (<c>-accel kvm</c>); a guest that fails to boot fails.</summary>
    Kvm,

    /// <summary>Software emulation only (<c>-accel tcg</c>): slower, works everywhere.</summary>
    Tcg,
}
