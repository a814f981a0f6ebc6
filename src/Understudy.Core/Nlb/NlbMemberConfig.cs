using System.Net;

namespace Understudy.Core.Nlb;

/// <summary>One node's NLB settings.</summary>
/// <param name="Node">Node name from <c>nodes:</c>.</param>
/// <param name="HostPriority">Unique 1-32; the lowest started member is the default host.</param>
/// <param name="DedicatedAddress">The node's own address for NLB traffic addressed to it alone.</param>
public sealed record NlbMemberConfig(string Node, int HostPriority, IPAddress DedicatedAddress);
