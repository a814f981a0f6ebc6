using System.Net;

namespace Understudy.Node.Nlb;

/// <summary>A member's service endpoint for one target port, made once and reused by every
/// connection routed there (no endpoint or URL prefix is built per request).</summary>
/// <param name="EndPoint">The member's address and the target port.</param>
/// <param name="HttpPrefix"><c>http://ADDRESS:PORT</c>, YARP's destination prefix.</param>
internal sealed record NlbTarget(IPEndPoint EndPoint, string HttpPrefix);
