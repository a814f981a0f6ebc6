using System.CommandLine;
using System.CommandLine.Completions;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>
/// Shell completion of names from the running cluster (<c>understudy completion</c>): role, node,
/// NLB member and rule names, read from the status of the cluster the command line names. A
/// cluster that does not answer within <see cref="Budget"/> completes nothing rather than hang the shell.
/// </summary>
internal static class ClusterNames
{
    /// <summary>How long a completion may wait for the nodes: a pause at Tab, not a hang (a node
    /// answers its status in milliseconds; this leaves room for a busy machine).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public static void Roles(Argument<string> argument, ClusterTarget target) => argument.CompletionSources.Add(c => From(c, target, s => s.Roles.Select(r => r.Name)));

    public static void Nodes(Argument<string> argument, ClusterTarget target) => argument.CompletionSources.Add(c => From(c, target, s => s.Nodes.Select(n => n.Name)));

    public static void Nodes(Option<string?> option, ClusterTarget target) => option.CompletionSources.Add(c => From(c, target, s => s.Nodes.Select(n => n.Name)));

    public static void Members(Argument<string> argument, ClusterTarget target) => argument.CompletionSources.Add(c => From(c, target, s => s.Nlb?.Members.Select(m => m.Name) ?? []));

    public static void Rules(Argument<string> argument, ClusterTarget target) => argument.CompletionSources.Add(c => From(c, target, s => s.Nlb?.Rules.Select(r => r.Name) ?? []));

    private static IEnumerable<string> From(CompletionContext context, ClusterTarget target, Func<StatusDocument, IEnumerable<string>> names)
    {
        var (urls, config) = target.Resolve(context.ParseResult, TextWriter.Null);
        if (urls is null)
        {
            return [];
        }

        using var budget = new CancellationTokenSource(Budget);
        using var client = new StatusClient(ApiTrust.For(config, TextWriter.Null));
        try
        {
            var status = ClusterReader.FirstAsync(client, urls, budget.Token).GetAwaiter().GetResult();
            return status is null ? [] : names(status).Where(n => n.StartsWith(context.WordToComplete, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        }
        catch (OperationCanceledException)
        {
            return [];
        }
    }
}
