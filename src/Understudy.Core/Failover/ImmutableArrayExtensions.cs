using System.Collections.Immutable;

namespace Understudy.Core.Failover;

/// <summary>Small helpers for immutable arrays in commands.</summary>
internal static class ImmutableArrayExtensions
{
    public static ImmutableArray<T> ToImmutableArrayValue<T>(this IEnumerable<T> items) => [.. items];
}
