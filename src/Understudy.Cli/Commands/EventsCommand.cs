using System.CommandLine;
using System.Net.Http.Json;
using Understudy.Core.Failover;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy events [--follow]</c>: the replicated event log.</summary>
internal static class EventsCommand
{
    private static readonly TimeSpan FollowEvery = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var follow = new Option<bool>("--follow") { Description = "Keep printing new events until Ctrl-C" };
        var json = new Option<bool>("--json") { Description = "One JSON object per event and line (JSON Lines), also with --follow" };
        var target = new ClusterTarget();
        var command = new Command("events", "Show the cluster's event log (node down, role moving, resource failed …)") { follow, json };
        target.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var (urls, config) = target.Resolve(parse);
            if (urls is null)
            {
                return ClusterFileInput.InvalidInput;
            }

            using var http = ApiTrust.For(config).Client(TimeSpan.FromSeconds(2));
            long after = 0;
            var answered = false;
            do
            {
                foreach (var url in urls)
                {
                    try
                    {
                        var page = await http.GetFromJsonAsync<EventPage>($"{url}/api/events?after={after}", StatusJson.Options, cancel);
                        foreach (var e in page?.Events ?? [])
                        {
                            Console.Out.WriteLine(parse.GetValue(json) ? CliJson.Event(e) : $"{e.Id,6} {e.At:yyyy-MM-dd HH:mm:ss.fff} {e.Kind,-15} {e.Role ?? "-",-12} {e.Node ?? "-",-10} {e.Reason}");
                            after = Math.Max(after, e.Id);
                        }

                        answered = true;
                        break;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancel.IsCancellationRequested)
                    {
                    }
                }

                if (!parse.GetValue(follow))
                {
                    break;
                }

                try
                {
                    await Task.Delay(FollowEvery, TimeProvider.System, cancel);
                }
                catch (OperationCanceledException)
                {
                    return 0;
                }
            }
            while (!cancel.IsCancellationRequested);

            if (!answered)
            {
                Console.Error.WriteLine($"no node answered (tried {string.Join(", ", urls)})");
                return StatusCommand.Unreachable;
            }

            return 0;
        });
        return command;
    }

    private sealed record EventPage(long Last, IReadOnlyList<ClusterEvent> Events);
}
