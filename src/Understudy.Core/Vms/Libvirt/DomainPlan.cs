using System.Collections.Immutable;

namespace Understudy.Core.Vms.Libvirt;

/// <summary>A domain's XML made ready for one host (<see cref="DomainDefinition.Prepare"/>).</summary>
/// <param name="Name">The domain's name in this host's libvirtd.</param>
/// <param name="Xml">The XML to define.</param>
/// <param name="WritableDisks">The files of its writable disks (what must never be open on two hosts at once).</param>
/// <param name="HeartbeatSocket">The unix socket of a serial port or channel in the VM's folder named
/// <c>hb.sock</c>, where Understudy's own guest agent heartbeats; null if the domain has none.</param>
/// <param name="ConsoleLog">The file its first file-backed serial port writes, or null.</param>
public sealed record DomainPlan(string Name, string Xml, ImmutableArray<string> WritableDisks, string? HeartbeatSocket, string? ConsoleLog);
