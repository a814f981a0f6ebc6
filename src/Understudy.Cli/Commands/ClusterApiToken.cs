using Understudy.Core.Config;
using Understudy.Core.Security;
using Understudy.Node.Config;

namespace Understudy.Cli.Commands;

/// <summary>
/// The operator token for state-changing calls: from <c>--token</c>, else the
/// <c>UNDERSTUDY_TOKEN</c> environment variable, else derived from the cluster file's key for the
/// generation the cluster names (docs/api.md "Tokens").
/// </summary>
internal static class ClusterApiToken
{
    public const string EnvironmentVariable = "UNDERSTUDY_TOKEN";

    /// <summary>The token's source, or null after printing why there is none.</summary>
    public static OperatorCredential? Resolve(string? given, ClusterConfig? config, TextWriter error, bool fromEnvironment = true)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return OperatorCredential.Given(given.Trim());
        }

        if (fromEnvironment && Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } variable)
        {
            return OperatorCredential.Given(variable.Trim());
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

        return OperatorCredential.Derived(ClusterKeys.Derive(secret, config.Name));
    }
}

/// <summary>An operator token: one given as it is, or derived from the key for any generation.</summary>
internal sealed class OperatorCredential
{
    private readonly string? _given;
    private readonly ClusterKeys? _keys;

    private OperatorCredential(string? given, ClusterKeys? keys)
    {
        _given = given;
        _keys = keys;
    }

    /// <summary>Whether the token is derived from the key (so it follows rotations).</summary>
    public bool IsDerived => _keys is not null;

    public static OperatorCredential Given(string token) => new(token, null);

    public static OperatorCredential Derived(ClusterKeys keys) => new(null, keys);

    /// <summary>The token for the cluster's operator token <paramref name="generation"/>.</summary>
    public string For(long generation) => _given ?? ApiToken.Operator(_keys!, generation);

    public override string ToString() => "OperatorCredential(***)";
}
