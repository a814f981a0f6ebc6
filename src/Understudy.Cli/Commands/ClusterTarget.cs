using System.CommandLine;
using Understudy.Core.Config;

namespace Understudy.Cli.Commands;

/// <summary>Which cluster a command talks to: <c>--node URL</c>, or the nodes of a cluster file
/// (default: /etc/understudy/cluster.yaml if it exists, else the built-in demo), plus <c>--token</c> for changes.</summary>
internal sealed class ClusterTarget
{
    public Option<string?> Node { get; } = new("--node") { Description = "API URL of a node, e.g. http://127.0.0.11:7400" };

    public Option<string?> File { get; }

    public Option<string?> Token { get; } = new("--token") { Description = $"API token (default: derived from the cluster file, or {ClusterApiToken.EnvironmentVariable})" };

    public ClusterTarget(string fileOption = "--file", string? alias = "-f")
    {
        File = alias is null ? new(fileOption) : new(fileOption, alias);
        File.Description = $"Cluster file (default: {HostPaths.ClusterFile} if it exists, else the built-in demo)";
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Node);
        command.Options.Add(File);
        command.Options.Add(Token);
    }

    /// <summary>Node URLs to try, the config if known, or null after printing why.</summary>
    public (IReadOnlyList<string>? Urls, ClusterConfig? Config) Resolve(ParseResult parse)
    {
        if (parse.GetValue(Node) is { } node)
        {
            if (Uri.TryCreate(node, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return ([node.TrimEnd('/')], parse.GetValue(File) is { } f ? ClusterFileInput.Load(f, Console.Error) : null);
            }

            Console.Error.WriteLine($"--node: '{node}' is not an http:// URL");
            return (null, null);
        }

        var config = HostPaths.ClientClusterFile(parse.GetValue(File)) is { } file ? ClusterFileInput.Load(file, Console.Error) : DemoCluster.Config();
        return (config?.Nodes.Select(n => n.ApiUrl).ToArray(), config);
    }
}
