using System.CommandLine;
using Understudy.Core.Config;

namespace Understudy.Cli.Commands;

/// <summary>
/// Which cluster a command talks to, the same for every command (docs/operations.md "Naming the
/// cluster"): <c>--node URL</c>, else <c>-f FILE</c>, else <c>UNDERSTUDY_CLUSTER_FILE</c>, else
/// /etc/understudy/cluster.yaml if it exists, else the built-in demo; plus <c>--token</c> for changes.
/// </summary>
internal sealed class ClusterTarget
{
    public Option<string?> Node { get; } = new("--node") { Description = "API URL of a node to ask first, e.g. http://127.0.0.11:7400 (overrides the file's nodes)" };

    public Option<string?> File { get; }

    public Option<string?> Token { get; } = new("--token") { Description = $"API token (default: {ClusterApiToken.EnvironmentVariable}, else derived from the cluster file)" };

    public ClusterTarget(string fileOption = "--file", string? alias = "-f")
    {
        File = alias is null ? new(fileOption) : new(fileOption, alias);
        File.Description = $"Cluster file (default: ${ClusterFileVariable.Name}, else {HostPaths.ClusterFile} if it exists, else the built-in demo)";
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Node);
        command.Options.Add(File);
        command.Options.Add(Token);
    }

    /// <summary>Node URLs to try, the config if known, or null URLs after printing why to <paramref name="error"/>.</summary>
    public (IReadOnlyList<string>? Urls, ClusterConfig? Config) Resolve(ParseResult parse, TextWriter? error = null)
    {
        error ??= Console.Error;
        if (parse.GetValue(Node) is { } node)
        {
            if (Uri.TryCreate(node, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                var file = parse.GetValue(File) ?? ClusterFileVariable.Value();
                return ([node.TrimEnd('/')], file is not null ? ClusterFileInput.Load(file, error) : null);
            }

            error.WriteLine($"--node: '{node}' is not an http:// URL");
            return (null, null);
        }

        var config = HostPaths.ClientClusterFile(parse.GetValue(File)) is { } path ? ClusterFileInput.Load(path, error) : DemoCluster.Config();
        return (config?.Nodes.Select(n => n.ApiUrl).ToArray(), config);
    }
}
