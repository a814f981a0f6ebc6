using System.Net;

namespace Understudy.Core.Lab;

/// <summary>One machine on the lab's LAN: a node's host, or the client.</summary>
/// <param name="Name">The node's name, or <see cref="LabNames.ClientName"/>.</param>
/// <param name="Namespace">Its network namespace.</param>
/// <param name="Port">Its cable's end in the switch (a bridge port).</param>
/// <param name="Address">Its address on <see cref="LabNames.HostInterface"/>.</param>
public sealed record LabHost(string Name, string Namespace, string Port, IPAddress Address);
