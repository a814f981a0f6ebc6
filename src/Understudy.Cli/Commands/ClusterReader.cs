using System.CommandLine;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>The read commands' first step: the status document from the first node of the target that answers.</summary>
internal static class ClusterReader
{
    /// <summary>The status and the URLs tried, or null and the exit code after printing why.</summary>
    public static async Task<(StatusDocument? Status, IReadOnlyList<string> Urls, ApiTrust Trust, int Code)> ReadAsync(ClusterTarget target, ParseResult parse, CancellationToken cancel)
    {
        var (urls, config) = target.Resolve(parse);
        if (urls is null)
        {
            return (null, [], ApiTrust.System, CliExit.BadInput);
        }

        var trust = ApiTrust.For(config);
        using var client = new StatusClient(trust);
        if (await FirstAsync(client, urls, cancel) is { } status)
        {
            return (status, urls, trust, CliExit.Ok);
        }

        Console.Error.WriteLine($"no node answered (tried {string.Join(", ", urls)}){client.Why}");
        return (null, urls, trust, CliExit.Unreachable);
    }

    /// <summary>
    /// A read command: the cluster target (without <c>--token</c>: reads need none),
    /// <paramref name="arguments"/>, a <c>--json</c> option, and <paramref name="show"/> run with
    /// the status of the first node that answers (or the exit code of why none did).
    /// </summary>
    public static Command Command(ClusterTarget target, string name, string description, string jsonDescription, StatusShow show, params Argument[] arguments)
    {
        var json = new Option<bool>("--json") { Description = jsonDescription };
        var command = new Command(name, description);
        foreach (var argument in arguments)
        {
            command.Arguments.Add(argument);
        }

        command.Options.Add(json);
        target.AddTo(command);
        command.Options.Remove(target.Token);
        command.SetAction(async (parse, cancel) =>
        {
            var (status, urls, trust, code) = await ReadAsync(target, parse, cancel);
            return status is null ? code : await show(status, urls, trust, parse.GetValue(json), parse, cancel);
        });
        return command;
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

/// <summary>What a read command does with the status it read (<see cref="ClusterReader.Command"/>); returns the exit code.</summary>
internal delegate Task<int> StatusShow(StatusDocument status, IReadOnlyList<string> urls, ApiTrust trust, bool json, ParseResult parse, CancellationToken cancel);
