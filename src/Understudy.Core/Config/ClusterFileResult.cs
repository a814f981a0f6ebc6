using System.Collections.Immutable;

namespace Understudy.Core.Config;

/// <summary>
/// The outcome of parsing a cluster file: a configuration, or every problem found in the file.
/// A file with any problem yields no configuration, so that a half-read file is never used.
/// </summary>
/// <param name="Config">The configuration; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem found, in file order; empty when valid.</param>
public sealed record ClusterFileResult(ClusterConfig? Config, ImmutableArray<ConfigError> Errors)
{
    /// <summary>True when the file had no problem and <see cref="Config"/> is set.</summary>
    public bool IsValid => Errors.IsEmpty && Config is not null;
}
