namespace Understudy.Cli.Commands;

/// <summary>How the CLI writes when its output is not a terminal.</summary>
internal static class CliOutput
{
    /// <summary>Columns a table may use when standard output is a pipe or a file (a terminal
    /// gives its own width). Wide enough for the status table's every column unwrapped.</summary>
    public const int RedirectedWidth = 200;
}
