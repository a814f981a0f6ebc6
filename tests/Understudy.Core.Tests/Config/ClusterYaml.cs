using Understudy.Core.Config;

namespace Understudy.Core.Tests.Config;

/// <summary>Small valid cluster files to break one rule at a time, and assertions on results.</summary>
internal static class ClusterYaml
{
    public const string Secret = "demo-key-change-me";

    public const string BaseDirectory = "/etc/understudy";

    public const string Cluster = $"""
        cluster:
          name: demo
          key: "{Secret}"
        """;

    public const string Nodes = """
        nodes:
          - name: alpha
            address: 127.0.0.11
          - name: bravo
            address: 127.0.0.12
        """;

    public static string Valid => $"{Cluster}\n{Nodes}\n";

    public static string WithCluster(string cluster) => $"{cluster}\n{Nodes}\n";

    public static string WithNodes(string nodes) => $"{Cluster}\n{nodes}\n";

    public static string WithHeartbeat(string heartbeat) => $"{Cluster}\n{heartbeat}\n{Nodes}\n";

    public static ClusterFileResult Parse(string yaml) => ClusterFileParser.Parse(yaml, "test.yaml", BaseDirectory);

    /// <summary>The file is invalid, and one of its errors is at <paramref name="path"/> and
    /// quotes <paramref name="fragment"/>.</summary>
    public static ConfigError AssertError(ClusterFileResult result, string path, string fragment)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors, e => e.Path == path);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        return error;
    }

    public static ClusterConfig AssertValid(ClusterFileResult result)
    {
        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
        return result.Config!;
    }
}
