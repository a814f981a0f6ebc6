using System.CommandLine;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>The read commands' first step: the status document from the first node of the target that answers.</summary>
internal static class ClusterReader
{
    /// <summary>The status and the URLs tried, or null and the exit code after printing why.</summary>
    public static async Task<(StatusDocument? Status, IReadOnlyList<string> Urls, int Code)> ReadAsync(ClusterTarget target, ParseResult parse, CancellationToken cancel)
    {
        var (urls, _) = target.Resolve(parse);
        if (urls is null)
        {
            return (null, [], CliExit.BadInput);
        }

        using var client = new StatusClient();
        if (await FirstAsync(client, urls, cancel) is { } status)
        {
            return (status, urls, CliExit.Ok);
        }

        Console.Error.WriteLine($"no node answered (tried {string.Join(", ", urls)})");
        return (null, urls, CliExit.Unreachable);
    }

    /// <summary>The first answer among <paramref name="urls"/>, or null.</summary>
    public static async Task<StatusDocument?> FirstAsync(StatusClient client, IReadOnlyList<string> urls, CancellationToken cancel)
    {
        foreach (var url in urls)
        {
            if (await client.TryGetAsync(url, cancel) is { } status)
            {
                return status;
            }
        }

        return null;
    }
}
