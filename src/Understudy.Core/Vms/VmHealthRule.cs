using System.Collections.Immutable;
using Understudy.Core.Detection;

namespace Understudy.Core.Vms;

/// <summary>
/// VM monitoring as WSFC does it for Hyper-V guests: a VM whose integration heartbeat stops, or
/// whose monitored service fails, is a failed resource. Pure: the caller passes the heartbeat
/// detector's verdict, the time since it started the VM and the latest service report.
/// </summary>
public static class VmHealthRule
{
    /// <summary>The verdict about <paramref name="vm"/>.</summary>
    /// <param name="vm">The VM's settings: boot timeout and monitored services.</param>
    /// <param name="heartbeat">The heartbeat detector's verdict (its window is <see cref="VmSettings.SilenceWindow"/>).</param>
    /// <param name="sinceStart">Time since the driver started the VM (or since this host took it over).</param>
    /// <param name="latest">The latest authenticated service report, or null before the first.</param>
    /// <remarks>A VM that has never heartbeated is booting while <paramref name="sinceStart"/> is at
    /// most the boot timeout and timed out strictly after. A service named in the report but not
    /// in the settings is ignored; a monitored service not yet reported is not a failure.</remarks>
    public static VmVerdict Evaluate(VmSettings vm, Liveness heartbeat, TimeSpan sinceStart, ServiceReport? latest)
    {
        ArgumentNullException.ThrowIfNull(vm);
        switch (heartbeat)
        {
            case Liveness.NeverHeard:
                return sinceStart <= vm.BootTimeout ? VmVerdict.Booting : VmVerdict.BootTimedOut;
            case Liveness.Dead:
                return VmVerdict.Silent;
        }

        if (latest is null || vm.Services.IsEmpty)
        {
            return VmVerdict.Healthy;
        }

        var failed = vm.Services
            .Where(s => latest.Services.Any(r => r.Name == s.Name && r.State == ServiceState.Failed))
            .Select(s => s.Name)
            .ToImmutableArray();
        return failed.IsEmpty ? VmVerdict.Healthy : new VmVerdict(VmCondition.ServiceFailed, failed);
    }

    /// <summary>The heartbeat settings of <paramref name="vm"/>'s detector: threshold mode with its interval and threshold.</summary>
    public static HeartbeatOptions DetectorOptions(VmSettings vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return HeartbeatOptions.Lan with { Interval = vm.HeartbeatInterval, Threshold = vm.HeartbeatThreshold, Detector = DetectorMode.Threshold };
    }
}
