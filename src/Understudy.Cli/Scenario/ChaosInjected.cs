using Understudy.Core.Chaos;

namespace Understudy.Cli.Scenario;

/// <summary>A fault as it was done: the node it hit and when it ended (from the start of the faults).</summary>
internal sealed record ChaosInjected(ChaosFault Fault, string Node, TimeSpan Ended);
