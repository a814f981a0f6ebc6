using System.Collections.Concurrent;
using System.Collections.Frozen;
using Understudy.Core.Vms;
using Understudy.Node.Vms;

namespace Understudy.Node.VmRoles;

/// <summary>
/// This node as a VM host: its VM drivers (one per kind, rooted at <c>DATA/vms</c>) and the VMs
/// its roles run now, by name, for <c>understudy vm kill|hang|resume</c> and <c>GET /api/vms</c>.
/// </summary>
internal sealed class VmHost(IEnumerable<IVmDriver> drivers)
{
    private readonly FrozenDictionary<VmDriverKind, IVmDriver> _drivers = drivers.ToFrozenDictionary(d => d.Kind);
    private readonly ConcurrentDictionary<string, RunningVm> _running = new(StringComparer.Ordinal);

    /// <summary>The driver for <paramref name="kind"/>: <c>auto</c> is QEMU where it can run here, else process.</summary>
    /// <exception cref="InvalidOperationException">No such driver here, or it cannot run here (the message says why).</exception>
    public IVmDriver DriverFor(VmDriverKind kind)
    {
        if (kind == VmDriverKind.Auto)
        {
            return _drivers.TryGetValue(VmDriverKind.Qemu, out var qemu) && qemu.Unavailable is null ? qemu : DriverFor(VmDriverKind.Process);
        }

        if (!_drivers.TryGetValue(kind, out var driver))
        {
            throw new InvalidOperationException($"this node has no {kind.ToString().ToLowerInvariant()} VM driver");
        }

        return driver.Unavailable is { } reason
            ? throw new InvalidOperationException($"the {kind.ToString().ToLowerInvariant()} VM driver cannot run here: {reason}")
            : driver;
    }

    /// <summary>Every VM running here now.</summary>
    public IReadOnlyCollection<RunningVm> Running => [.. _running.Values];

    /// <summary>The VM named <paramref name="name"/> if it runs here.</summary>
    public RunningVm? Find(string name) => _running.TryGetValue(name, out var vm) ? vm : null;

    /// <summary>Records a VM a role started here.</summary>
    public void Add(RunningVm vm) => _running[vm.Vm.Settings.Name] = vm;

    /// <summary>Forgets <paramref name="vm"/> (and only it: a newer instance of the same name stays).</summary>
    public void Remove(RunningVm vm) => _running.TryRemove(new KeyValuePair<string, RunningVm>(vm.Vm.Settings.Name, vm));
}
