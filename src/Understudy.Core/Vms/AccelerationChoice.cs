namespace Understudy.Core.Vms;

/// <summary>
/// Chooses KVM or software emulation. <c>/dev/kvm</c> existing proves little: on some machines
/// (nested virtualisation without the right CPU features) it opens, but guests stop on MSR
/// errors or never boot. So <see cref="Acceleration.Auto"/> trusts only a guest that heartbeated
/// under KVM, and remembers a failed probe.
/// </summary>
public static class AccelerationChoice
{
    /// <summary>The step for the next boot.</summary>
    /// <param name="requested">What the host asked for.</param>
    /// <param name="kvmDeviceUsable">Whether <c>/dev/kvm</c> exists and opens for reading and writing.</param>
    /// <param name="kvmProbe">The remembered probe result: true (a guest heartbeated under KVM),
    /// false (one did not), null (never probed).</param>
    public static AccelerationStep Decide(Acceleration requested, bool kvmDeviceUsable, bool? kvmProbe) => requested switch
    {
        Acceleration.Kvm => AccelerationStep.UseKvm,
        Acceleration.Tcg => AccelerationStep.UseTcg,
        _ when !kvmDeviceUsable => AccelerationStep.UseTcg,
        _ => kvmProbe switch
        {
            true => AccelerationStep.UseKvm,
            false => AccelerationStep.UseTcg,
            null => AccelerationStep.ProbeKvm,
        },
    };
}
