using Understudy.Node.Vms;

namespace Understudy.Node.VmRoles;

/// <summary>A VM a role runs on this node, with its monitor.</summary>
/// <param name="Role">The role that runs it.</param>
/// <param name="Vm">The driver's VM.</param>
/// <param name="Monitor">VM monitoring of it (it runs even with monitoring off, so that status can show what was missed).</param>
/// <param name="Monitoring">Whether the monitor's verdict decides about the resource.</param>
internal sealed record RunningVm(string Role, IVirtualMachine Vm, VmMonitor Monitor, bool Monitoring);
