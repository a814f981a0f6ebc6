using Understudy.Core.Vms;

namespace Understudy.Core.Failover;

/// <summary>
/// What a <c>vm</c> resource runs: one VM, and whether VM monitoring decides about its health.
/// With <paramref name="Monitoring"/> on (the default), a VM whose monitor verdict is a failure
/// (silent, boot timed out, a monitored service failed) fails the resource; with it off, only the
/// VM's process exiting does, so a hung VM goes unnoticed — the gap of the classic design, kept
/// on purpose so that it can be shown.
/// </summary>
/// <param name="Settings">The VM (name, driver, CPUs, memory, workload, services).</param>
/// <param name="Monitoring">Whether heartbeats and service reports decide about the VM's health.</param>
public sealed record VmSpec(VmSettings Settings, bool Monitoring);
