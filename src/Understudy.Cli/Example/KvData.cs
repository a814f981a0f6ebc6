using System.Collections.Immutable;

namespace Understudy.Cli.Example;

/// <summary>The example's data file: items and the newest fencing token that wrote them.</summary>
internal sealed record KvData(long FencingToken, ImmutableSortedDictionary<string, string> Items)
{
    public static KvData Empty { get; } = new(0, ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));
}
