using System.Net;

namespace Understudy.Node.Nlb;

/// <summary>A member's service endpoint for one target port, made once and reused by every
/// connection routed there.</summary>
/// <param name="EndPoint">The member's address and the target port.</param>
internal sealed record NlbTarget(IPEndPoint EndPoint);
