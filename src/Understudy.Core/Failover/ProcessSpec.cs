using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Understudy.Core.Failover;

/// <summary>What a <c>process</c> resource runs.</summary>
/// <param name="Command">Executable; <c>understudy</c> means the node's own binary.</param>
/// <param name="Arguments">Arguments, passed as they are (no shell).</param>
/// <param name="Environment">Extra environment variables.</param>
/// <param name="WorkingDirectory">Absolute working directory, or null for the node's data directory.</param>
/// <param name="StopSignal">Signal number sent to stop it (15, SIGTERM, by default).</param>
/// <param name="StopTimeout">How long it may take to exit after the stop signal before it is killed.</param>
public sealed record ProcessSpec(
    string Command,
    ImmutableArray<string> Arguments,
    ImmutableSortedDictionary<string, string> Environment,
    string? WorkingDirectory,
    int StopSignal,
    TimeSpan StopTimeout)
{
    /// <summary>The user the workload runs as (a name, or a numeric uid), or null for the node's
    /// own user. Left out of the database's JSON while null, so that a database without users
    /// hashes the same on nodes of every version (<c>DatabaseDigest</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? User { get; init; }

    /// <summary>SIGTERM, the polite request to exit.</summary>
    public const int DefaultStopSignal = 15;

    /// <summary>5 s: long enough to flush a file, short enough not to hold a failover up for long.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(5);
}
