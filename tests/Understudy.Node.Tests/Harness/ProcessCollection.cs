namespace Understudy.Node.Tests.Harness;

/// <summary>Tests that run real node processes share the two cores one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "real processes";
}
