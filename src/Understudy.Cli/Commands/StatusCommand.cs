using System.CommandLine;
using Spectre.Console;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy status [--json] [--watch]</c>: asks a node how the cluster is; with
/// <c>--watch</c>, again and again until Ctrl-C, as <c>crm_mon</c> does.</summary>
internal static class StatusCommand
{
    /// <summary>Exit code when no node answered.</summary>
    public const int Unreachable = CliExit.Unreachable;

    /// <summary>How often <c>--watch</c> redraws by default: the dashboard's pace.</summary>
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var target = new ClusterTarget();
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (docs/status-json.md); with --watch, one document per line" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep showing the status, redrawn every --interval, until Ctrl-C" };
        var interval = new Option<TimeSpan>("--interval")
        {
            Description = "With --watch: how often to ask (default 1s)",
            DefaultValueFactory = _ => DefaultInterval,
            CustomParser = r => DurationArgument.Parse(r),
        };
        var command = new Command("status", "Show the cluster's nodes (state, version), leader, quorum, maintenance and roles") { json, watch, interval };
        target.AddTo(command);
        command.Options.Remove(target.Token);
        command.SetAction(async (parse, cancel) =>
        {
            var (urls, config) = target.Resolve(parse);
            if (urls is null)
            {
                return CliExit.BadInput;
            }

            using var client = new StatusClient(ApiTrust.For(config));
            if (!parse.GetValue(watch))
            {
                return Show(await ClusterReader.FirstAsync(client, urls, cancel), urls, client.Why, parse.GetValue(json), redraw: false);
            }

            try
            {
                using var timer = new PeriodicTimer(parse.GetValue(interval), TimeProvider.System);
                do
                {
                    Show(await ClusterReader.FirstAsync(client, urls, cancel), urls, client.Why, parse.GetValue(json), redraw: true);
                }
                while (await timer.WaitForNextTickAsync(cancel));
            }
            catch (OperationCanceledException)
            {
            }

            return CliExit.Ok;
        });
        return command;
    }

    private static int Show(StatusDocument? status, IReadOnlyList<string> urls, string why, bool json, bool redraw)
    {
        if (status is null)
        {
            // While watching, a cluster that stops answering is news, not the end.
            var line = $"no node answered (tried {string.Join(", ", urls)}){why}";
            if (redraw && !json)
            {
                AnsiConsole.Clear();
            }

            Console.Error.WriteLine(redraw ? $"{TimeProvider.System.GetLocalNow():HH:mm:ss} {line}" : line);
            return CliExit.Unreachable;
        }

        if (json)
        {
            Console.Out.WriteLine(redraw ? CliJson.OneLine(status) : CliJson.Indented(status));
            return CliExit.Ok;
        }

        if (redraw)
        {
            AnsiConsole.Clear();
            AnsiConsole.MarkupLine($"[grey]{TimeProvider.System.GetLocalNow():HH:mm:ss} every change shown within the interval; Ctrl-C to stop[/]");
        }

        StatusTable.Write(AnsiConsole.Console, status);
        return CliExit.Ok;
    }
}
