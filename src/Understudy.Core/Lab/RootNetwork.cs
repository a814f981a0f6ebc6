using System.Net;

namespace Understudy.Core.Lab;

/// <summary>A network the machine's own namespace already reaches: an interface's subnet or a
/// route's destination. A lab address inside one would shadow it for anything in the lab and
/// confuse anyone reading the machine's routes, so the planner refuses it.</summary>
/// <param name="Network">The prefix.</param>
/// <param name="Source">Where it was seen, for the error, e.g. <c>address 192.0.2.2/24 on eth0</c>.</param>
public sealed record RootNetwork(IPNetwork Network, string Source);
