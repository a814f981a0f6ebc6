namespace Understudy.Cli.Tests.Lab;

/// <summary>Lab tests run three nodes each; they share the two cores one lab at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollection
{
    public const string Name = "host labs";
}
