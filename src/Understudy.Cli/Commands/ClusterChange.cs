using System.CommandLine;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>Runs one state-changing API call for a command: resolves the cluster and token, sends
/// it to the leader, optionally waits for the state, and prints the outcome as text or JSON.</summary>
internal static class ClusterChange
{
    /// <summary>One change: what to send, the words for it, and (for --wait) its goal, which
    /// may depend on the status read before the change (a move's old owner).</summary>
    public sealed record Request(HttpMethod Method, string Path, Func<HttpContent?> Content, string Change, string Done, Func<StatusDocument?, WaitGoal>? Goal = null);

    public static async Task<int> SendAsync(ClusterTarget target, ChangeOptions? options, ParseResult parse, Request change, CancellationToken cancel)
    {
        var json = options is not null && parse.GetValue(options.Json);
        var wait = options is not null && change.Goal is not null && parse.GetValue(options.Wait);
        var (urls, config) = target.Resolve(parse);
        if (urls is null)
        {
            return Print(json, change, new ChangeOutcome(CliExit.BadInput, null, null, "the cluster target is not valid (see stderr)"), null, printed: true);
        }

        var token = ClusterApiToken.Resolve(parse.GetValue(target.Token), config, Console.Error);
        if (token is null)
        {
            return Print(json, change, new ChangeOutcome(CliExit.BadInput, null, null, "no API token (see stderr)"), null, printed: true);
        }

        var trust = ApiTrust.For(config);
        WaitGoal? goal = null;
        if (wait)
        {
            using var status = new StatusClient(trust);
            goal = change.Goal!(await ClusterReader.FirstAsync(status, urls, cancel));
        }

        using var client = new ClusterApiClient(urls, token, trust);
        var outcome = await client.SendAsync(change.Method, change.Path, change.Content, cancel);
        if (!outcome.Committed || goal is null)
        {
            return Print(json, change, outcome, null);
        }

        var timeout = parse.GetValue(options!.Timeout);
        var (missing, waited) = await ChangeWait.UntilAsync(urls, trust, outcome.Leader, outcome.Version, goal, timeout, progress: !json, cancel);
        var reached = new WaitResult(goal.Description, missing is null, (long)waited.TotalMilliseconds, missing);
        return missing is null
            ? Print(json, change, outcome, reached)
            : Print(json, change, outcome with { Code = CliExit.Timeout, Error = $"committed, but not {goal.Description} after {timeout.TotalSeconds:0.#} s: {missing}" }, reached);
    }

    private static int Print(bool json, Request change, ChangeOutcome outcome, WaitResult? waited, bool printed = false)
    {
        if (json)
        {
            Console.Out.WriteLine(CliJson.Change(change.Change, outcome, waited));
        }
        else if (outcome.Committed)
        {
            Console.Out.WriteLine(waited is { Reached: true } ? $"{change.Done}; {waited.Goal} after {waited.Ms} ms" : change.Done);
        }

        if (outcome.Error is { } error && !printed)
        {
            Console.Error.WriteLine(error);
        }

        return outcome.Code;
    }

    /// <summary>What <c>--wait</c> came to.</summary>
    internal sealed record WaitResult(string Goal, bool Reached, long Ms, string? Missing);
}
