namespace Understudy.Core.Membership;

/// <summary>What a node says it runs: its software version and the cluster database protocol it
/// speaks (<see cref="DatabaseProtocol"/>), as it announced them (<see cref="NodeSoftwareAnnounced"/>).</summary>
public sealed record NodeSoftware(string Version, int Protocol);
