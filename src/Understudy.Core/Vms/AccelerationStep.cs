namespace Understudy.Core.Vms;

/// <summary>What the QEMU driver does for the next guest it boots.</summary>
public enum AccelerationStep
{
    /// <summary>Boot with <c>-accel kvm</c>.</summary>
    UseKvm,

    /// <summary>Boot with <c>-accel tcg</c>.</summary>
    UseTcg,

    /// <summary>Boot with KVM as a probe: if no heartbeat arrives within the probe timeout, KVM is
    /// broken here; boot again with TCG and remember it.</summary>
    ProbeKvm,
}
