using System.CommandLine;

namespace Understudy.Cli.Commands;

/// <summary>The options every change command takes: <c>--json</c>, <c>--wait</c>, <c>--timeout</c>.</summary>
internal sealed class ChangeOptions
{
    /// <summary>How long <c>--wait</c> waits by default: a failover role's stop, start and probes
    /// fit in well under it, a drain of long connections may not (give --timeout then).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public Option<bool> Json { get; } = new("--json") { Description = "Print what was committed (and waited for) as one JSON object (docs/operations.md \"Scripting\")" };

    public Option<bool> Wait { get; } = new("--wait") { Description = "Wait until the cluster reached the new state; exit 0 only then, 7 on timeout" };

    public Option<TimeSpan> Timeout { get; } = new("--timeout")
    {
        Description = "With --wait: how long to wait (default 60s; e.g. 90s, 00:02:00)",
        DefaultValueFactory = _ => DefaultTimeout,
        CustomParser = r => DurationArgument.Parse(r),
    };

    public void AddTo(Command command, bool wait = true)
    {
        command.Options.Add(Json);
        if (wait)
        {
            command.Options.Add(Wait);
            command.Options.Add(Timeout);
        }
    }
}
