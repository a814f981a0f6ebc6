using Understudy.Core.Config;
using Understudy.Core.Security;
using Understudy.Node.Config;

namespace Understudy.Cli.Commands;

/// <summary>
/// The API token for state-changing calls: from <c>--token</c>, else the <c>UNDERSTUDY_TOKEN</c>
/// environment variable, else derived from the cluster file's key (docs/api.md).
/// </summary>
internal static class ClusterApiToken
{
    public const string EnvironmentVariable = "UNDERSTUDY_TOKEN";

    /// <summary>The token, or null after printing why there is none.</summary>
    public static string? Resolve(string? given, ClusterConfig? config, TextWriter error, bool fromEnvironment = true)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given.Trim();
        }

        if (fromEnvironment && Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } variable)
        {
            return variable.Trim();
        }

        if (config is null)
        {
            error.WriteLine($"this command changes the cluster: give -f CLUSTER-FILE, --token or {EnvironmentVariable}");
            return null;
        }

        var (secret, keyError) = ClusterFileLoader.ResolveKey(config.Key);
        if (secret is null)
        {
            error.WriteLine(keyError);
            return null;
        }

        return ApiToken.Derive(ClusterKeys.Derive(secret, config.Name));
    }
}
