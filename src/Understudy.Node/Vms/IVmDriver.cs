using Understudy.Core.Vms;

namespace Understudy.Node.Vms;

/// <summary>Runs VMs on this host. One driver instance = one host's view: its own root folder.</summary>
public interface IVmDriver
{
    /// <summary>Which kind of VM it runs.</summary>
    VmDriverKind Kind { get; }

    /// <summary>Null if this driver can run VMs here; otherwise why not (what to install).</summary>
    string? Unavailable { get; }

    /// <summary>Boots <paramref name="settings"/>. Returns once the VM's process runs (the guest may
    /// still be booting: wait for its first heartbeat with <see cref="VmMonitor"/>).</summary>
    /// <exception cref="ArgumentException">The settings have problems (<see cref="VmSettingsRules.Problems"/>).</exception>
    /// <exception cref="InvalidOperationException">The driver is unavailable or the VM did not start.</exception>
    Task<IVirtualMachine> StartAsync(VmSettings settings, CancellationToken token = default);
}
