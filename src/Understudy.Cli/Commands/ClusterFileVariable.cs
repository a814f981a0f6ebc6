namespace Understudy.Cli.Commands;

/// <summary>The environment variable that names the cluster file when no <c>-f</c> is given.</summary>
internal static class ClusterFileVariable
{
    /// <summary>Its name.</summary>
    public const string Name = "UNDERSTUDY_CLUSTER_FILE";

    /// <summary>Its value, or null when unset or empty.</summary>
    public static string? Value() => Environment.GetEnvironmentVariable(Name) is { Length: > 0 } path ? path : null;
}
