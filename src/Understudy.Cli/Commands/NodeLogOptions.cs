using System.CommandLine;
using Microsoft.Extensions.Logging;
using Understudy.Node.Hosting;

namespace Understudy.Cli.Commands;

/// <summary><c>--log-level</c> and <c>--log-format</c> of <c>node run</c> and <c>witness run</c> (docs/operations.md "Logs").</summary>
internal sealed class NodeLogOptions
{
    public Option<LogLevel> Level { get; } = new("--log-level")
    {
        Description = "Least severe level logged: Trace, Debug, Information (default), Warning, Error, Critical",
        DefaultValueFactory = _ => LogLevel.Information,
    };

    public Option<NodeLogFormat> Format { get; } = new("--log-format")
    {
        Description = "auto (journald under systemd, else text; default), text, json (one object per line) or journald",
        DefaultValueFactory = _ => NodeLogFormat.Auto,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Level);
        command.Options.Add(Format);
    }

    public (NodeLogFormat Format, LogLevel Level) Read(ParseResult parse) => (parse.GetValue(Format), parse.GetValue(Level));
}
